import type { Clock, TimerId } from './clock.js';
import { sleepOn } from './sleep-on.js';

/** The longest delay a Node timer keeps; longer ones fire after 1 ms (and so do they here). */
const MAX_NODE_TIMER_MS = 2 ** 31 - 1;

interface PendingTimer {
  readonly dueMs: number;
  /** Creation order: timers due at the same time fire in the order they were armed, as Node's do. */
  readonly seq: number;
  readonly callback: () => void;
}

export interface ManualClockOptions {
  /** The first monotonic reading; 0 by default. */
  readonly nowMs?: number;
  /** The first epoch reading; 2026-01-01T00:00:00Z by default. */
  readonly epochMs?: number;
}

/**
 * A Clock that moves only when told: `advance(ms)` runs the timers that come due, in due order,
 * each with the clock reading its own due time, including timers armed by those callbacks. Both
 * readings move together. Timer delays follow Node's rules, so code that forgets Node's 2³¹−1 ms
 * limit fails here as it would in production.
 */
export class ManualClock implements Clock {
  #nowMs: number;
  readonly #epochOffsetMs: number;
  #seq = 0;
  readonly #timers = new Map<TimerId, PendingTimer>();

  constructor(options: ManualClockOptions = {}) {
    this.#nowMs = options.nowMs ?? 0;
    this.#epochOffsetMs = (options.epochMs ?? Date.UTC(2026, 0, 1)) - this.#nowMs;
  }

  now(): number {
    return this.#nowMs;
  }

  epochMs(): number {
    return this.#nowMs + this.#epochOffsetMs;
  }

  toEpochMs(monotonicMs: number): number {
    return monotonicMs + this.#epochOffsetMs;
  }

  setTimeout(callback: () => void, delayMs: number): TimerId {
    const effectiveMs = delayMs >= 1 && delayMs <= MAX_NODE_TIMER_MS ? delayMs : 1;
    const id = { seq: ++this.#seq } as unknown as TimerId;
    this.#timers.set(id, { dueMs: this.#nowMs + effectiveMs, seq: this.#seq, callback });
    return id;
  }

  /** The same as setTimeout here: a manual clock keeps no process alive. */
  setBackgroundTimeout(callback: () => void, delayMs: number): TimerId {
    return this.setTimeout(callback, delayMs);
  }

  clearTimeout(timer: TimerId): void {
    this.#timers.delete(timer);
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, delayMs, signal);
  }

  /** Timers armed and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, firing every timer that comes due on the way. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`a clock moves forward only (advance(${ms}))`);
    const targetMs = this.#nowMs + ms;
    for (let next = this.#nextDue(targetMs); next !== undefined; next = this.#nextDue(targetMs)) {
      this.#timers.delete(next[0]);
      this.#nowMs = next[1].dueMs;
      next[1].callback();
    }
    this.#nowMs = targetMs;
  }

  /**
   * Like advance, but lets pending promise callbacks run before each timer and at the end, so code
   * that awaits between timers (a sleep in a loop, a retry after a backoff) keeps up.
   */
  async advanceAsync(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`a clock moves forward only (advanceAsync(${ms}))`);
    const targetMs = this.#nowMs + ms;
    for (;;) {
      await flushPromises();
      const next = this.#nextDue(targetMs);
      if (next === undefined) break;
      this.#timers.delete(next[0]);
      this.#nowMs = next[1].dueMs;
      next[1].callback();
    }
    this.#nowMs = targetMs;
    await flushPromises();
  }

  #nextDue(targetMs: number): [TimerId, PendingTimer] | undefined {
    let found: [TimerId, PendingTimer] | undefined;
    for (const entry of this.#timers) {
      const timer = entry[1];
      if (timer.dueMs > targetMs) continue;
      if (found === undefined || timer.dueMs < found[1].dueMs || (timer.dueMs === found[1].dueMs && timer.seq < found[1].seq)) found = entry;
    }
    return found;
  }
}

/** Lets every promise callback queued so far (and those they queue) run. */
const flushPromises = () => new Promise<void>((resolve) => setImmediate(resolve));

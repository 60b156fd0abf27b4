import type { Clock, TimerId } from '../../clock/index.js';

/** What a DueQueue calls when an entry comes due. */
export interface Expiring {
  expire(): void;
}

/** One pending expiry in a DueQueue; `cancel()` forgets it. */
export class DueEntry {
  /** An entry that could not take its place in the queue cheaply has a timer of its own. */
  timer: TimerId | undefined;
  clock: Clock | undefined;

  constructor(
    readonly dueAt: number,
    public target: Expiring | undefined,
  ) {}

  cancel(): void {
    this.target = undefined;
    if (this.timer !== undefined) this.clock!.clearTimeout(this.timer);
  }
}

/**
 * An entry due before this many others gets its own timer instead of a place in the queue: a
 * client that sends ever shorter deadlines (the deadline header) must not make each request walk
 * and shift the whole queue.
 */
const MAX_WALK = 32;

/** Cancelled entries at the front are dropped in place until this many; then the array is compacted. */
const COMPACT_AFTER = 1_024;

/**
 * The expiries of one policy (a deadline, a per-try timeout, a hedge delay), in due order, behind
 * ONE timer on the Clock. A request that answers in time only marks its entry cancelled: no timer
 * is armed or cleared per request, which is what the policies cost when nothing fails. Most
 * entries are added in due order (a fixed delay from now), so adding is an append; a shorter one
 * (a deadline that caps a per-try timeout, a hedge after an observed percentile) walks back from
 * the end to its place.
 *
 * The timer is armed for the first live entry; when it fires early (that entry was cancelled since)
 * it is armed again for the new first one, so a steady load costs about one timer per delay
 * period, not one per request. It is a background timer: it does not keep a closed server's
 * process alive, and a request that waits has its sockets keeping the process up anyway.
 */
export class DueQueue {
  readonly #entries: DueEntry[] = [];
  #head = 0;
  #timer: TimerId | undefined;
  #armedAt = Infinity;

  constructor(private readonly clock: Clock) {}

  /** Calls `target.expire()` once the clock reaches `dueAt`, unless the entry is cancelled first. */
  add(dueAt: number, target: Expiring): DueEntry {
    const entries = this.#entries;
    this.#dropCancelled();
    const entry = new DueEntry(dueAt, target);
    let at = entries.length;
    while (at > this.#head && entries[at - 1]!.dueAt > dueAt) {
      if (entries.length - at >= MAX_WALK) return this.#alone(entry);
      at--;
    }
    if (at === entries.length) entries.push(entry);
    else entries.splice(at, 0, entry);
    if (dueAt < this.#armedAt) this.#arm(dueAt);
    return entry;
  }

  /** Live entries (for tests). */
  get size(): number {
    let live = 0;
    for (let i = this.#head; i < this.#entries.length; i++) if (this.#entries[i]!.target !== undefined) live++;
    return live;
  }

  #alone(entry: DueEntry): DueEntry {
    entry.clock = this.clock;
    entry.timer = this.clock.setBackgroundTimeout(
      () => {
        const target = entry.target;
        entry.target = undefined;
        target?.expire();
      },
      Math.max(1, entry.dueAt - this.clock.now()),
    );
    return entry;
  }

  #fire(): void {
    this.#timer = undefined;
    this.#armedAt = Infinity;
    const entries = this.#entries;
    const now = this.clock.now();
    // An expiry may add entries (a hedge arms the next one): the loop reads the queue afresh.
    while (this.#head < entries.length) {
      const entry = entries[this.#head]!;
      if (entry.target !== undefined && entry.dueAt > now) break;
      this.#head++;
      const target = entry.target;
      entry.target = undefined;
      target?.expire();
    }
    this.#dropCancelled();
    if (this.#head < entries.length && this.#timer === undefined) this.#arm(entries[this.#head]!.dueAt);
  }

  #arm(dueAt: number): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#armedAt = dueAt;
    this.#timer = this.clock.setBackgroundTimeout(() => this.#fire(), Math.max(1, dueAt - this.clock.now()));
  }

  /** Drops cancelled entries at the front, compacting once enough piled up. */
  #dropCancelled(): void {
    const entries = this.#entries;
    while (this.#head < entries.length && entries[this.#head]!.target === undefined) this.#head++;
    if (this.#head === entries.length) {
      entries.length = 0;
      this.#head = 0;
    } else if (this.#head >= COMPACT_AFTER) {
      entries.splice(0, this.#head);
      this.#head = 0;
    }
  }
}

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
  /** The queue whose list holds it (undefined once it fired, was cancelled, or has a timer of its own). */
  queue: DueQueue | undefined;
  prev: DueEntry | undefined;
  next: DueEntry | undefined;

  constructor(
    readonly dueAt: number,
    public target: Expiring | undefined,
  ) {}

  cancel(): void {
    this.target = undefined;
    if (this.timer !== undefined) this.clock!.clearTimeout(this.timer);
    this.queue?.unlink(this);
  }
}

/**
 * An entry due before this many others gets its own timer instead of a place in the queue: a
 * client that sends ever shorter deadlines (the deadline header) must not make each request walk
 * the whole queue.
 */
const MAX_WALK = 32;

/**
 * The expiries of one policy (a deadline, a per-try timeout, a hedge delay), in due order, behind
 * ONE timer on the Clock. A request that answers in time takes its entry out of the list: no timer
 * is armed or cleared per request, which is what the policies cost when nothing fails. Most
 * entries are added in due order (a fixed delay from now), so adding is an append; a shorter one
 * (a deadline that caps a per-try timeout, a hedge after an observed percentile) walks back from
 * the end to its place.
 *
 * A doubly linked list, not an array: a cancelled entry leaves at once and dies young. In an array
 * it stayed until the front reached it (a deadline's seconds), so every request's entries outlived
 * the young generation's collections and were copied into the old one: the garbage collector's
 * share of the policies' cost.
 *
 * The timer is armed for the first entry; when it fires early (that entry was cancelled since)
 * it is armed again for the new first one, so a steady load costs about one timer per delay
 * period, not one per request. It is a background timer: it does not keep a closed server's
 * process alive, and a request that waits has its sockets keeping the process up anyway.
 */
export class DueQueue {
  #first: DueEntry | undefined;
  #last: DueEntry | undefined;
  #timer: TimerId | undefined;
  #armedAt = Infinity;

  constructor(private readonly clock: Clock) {}

  /** Calls `target.expire()` once the clock reaches `dueAt`, unless the entry is cancelled first. */
  add(dueAt: number, target: Expiring): DueEntry {
    const entry = new DueEntry(dueAt, target);
    // The entry goes after `before`: the last one due no later than it (undefined: at the front).
    let before = this.#last;
    let walked = 0;
    while (before !== undefined && before.dueAt > dueAt) {
      if (++walked > MAX_WALK) return this.#alone(entry);
      before = before.prev;
    }
    entry.queue = this;
    entry.prev = before;
    entry.next = before === undefined ? this.#first : before.next;
    if (entry.next === undefined) this.#last = entry;
    else entry.next.prev = entry;
    if (before === undefined) this.#first = entry;
    else before.next = entry;
    if (dueAt < this.#armedAt) this.#arm(dueAt);
    return entry;
  }

  /** Entries waiting (for tests). */
  get size(): number {
    let count = 0;
    for (let entry = this.#first; entry !== undefined; entry = entry.next) count++;
    return count;
  }

  /** Takes `entry` out of the list (DueEntry.cancel, and before it fires). */
  unlink(entry: DueEntry): void {
    const { prev, next } = entry;
    if (prev === undefined) this.#first = next;
    else prev.next = next;
    if (next === undefined) this.#last = prev;
    else next.prev = prev;
    entry.queue = undefined;
    entry.prev = undefined;
    entry.next = undefined;
  }

  #alone(entry: DueEntry): DueEntry {
    entry.clock = this.clock;
    entry.timer = this.clock.setBackgroundTimeout(
      () => {
        const target = entry.target;
        entry.target = undefined;
        target?.expire();
      },
      Math.max(1, Math.ceil(entry.dueAt - this.clock.now())),
    );
    return entry;
  }

  #fire(): void {
    this.#timer = undefined;
    this.#armedAt = Infinity;
    const now = this.clock.now();
    // An expiry may add entries (a hedge arms the next one): the loop reads the list afresh.
    for (let entry = this.#first; entry !== undefined && entry.dueAt <= now; entry = this.#first) {
      this.unlink(entry);
      const target = entry.target;
      entry.target = undefined;
      target?.expire();
    }
    if (this.#first !== undefined && this.#timer === undefined) this.#arm(this.#first.dueAt);
  }

  // Whole milliseconds: node keeps one timer list per distinct duration, and a fractional one
  // (a Clock reading's difference) made a new list, and a property of its list map, at every arm.
  #arm(dueAt: number): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#armedAt = dueAt;
    this.#timer = this.clock.setBackgroundTimeout(() => this.#fire(), Math.max(1, Math.ceil(dueAt - this.clock.now())));
  }
}

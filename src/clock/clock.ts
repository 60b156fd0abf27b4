declare const timerBrand: unique symbol;

/** A timer armed on a Clock; only that clock can clear it. */
export type TimerId = { readonly [timerBrand]: true };

/**
 * Time, injected (STYLE.md "Time and chance are injected"): code that reads the time or waits
 * takes a Clock, `app/` hands in the system clock, and tests a ManualClock they move by hand, so
 * latency, rate-limit, schedule and retention tests never sleep.
 */
export interface Clock {
  /** Monotonic milliseconds (performance.now() time): for durations, deadlines and token refills. */
  now(): number;
  /** Milliseconds since the epoch (Date.now() time): for what is shown, stored or scheduled by date. */
  epochMs(): number;
  /** The epoch time of a `now()` reading (a request's arrival, recorded in the journal). */
  toEpochMs(monotonicMs: number): number;
  /** Calls `callback` once `delayMs` have passed, with Node's rules (below 1 ms or above 2³¹−1 ms means 1 ms). */
  setTimeout(callback: () => void, delayMs: number): TimerId;
  /**
   * A timer for housekeeping (journal batches, store purges, event flushes): like setTimeout, but
   * it does not keep the process alive, so a server that is done exits with such timers pending.
   */
  setBackgroundTimeout(callback: () => void, delayMs: number): TimerId;
  /** Forgets a timer that has not fired; a timer that fired or was cleared is ignored. */
  clearTimeout(timer: TimerId): void;
  /** Resolves after `delayMs`; rejects with the signal's reason when it aborts first. */
  sleep(delayMs: number, signal?: AbortSignal): Promise<void>;
}

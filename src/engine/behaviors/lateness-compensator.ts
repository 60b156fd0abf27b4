/**
 * Timers fire late: libuv rounds to whole milliseconds, and under load a timer waits behind the
 * callbacks queued before it. Left alone that lateness is a systematic positive error on every
 * sampled delay (DESIGN.md measured +1 to +5 ms at the client). This tracks how late our own
 * latency timers fire and schedules the next ones that much earlier.
 *
 * It tracks a low quantile of the lateness (by default the 10th percentile), not its average,
 * because a response may never leave early: a timer armed earlier than its lateness turned out to
 * be has to be re-armed for the rest (`waitOutDelay`), and that second timer is late in its turn.
 * With the average, about half the timers came back early and took a second timer; under a burst
 * (1,000 connections on 100 ms, fidelity F3) that second wait put those requests in the tail. Arming
 * early by what nine timers in ten are late at least removes most of the lateness and re-arms about
 * one timer in ten. It never makes a wait negative, and is capped so one stall (a GC pause, a
 * CPU-starved second) cannot swing later delays far.
 */
export interface LatenessCompensator {
  /** How much earlier than the target to arm the next timer, in ms. */
  readonly estimateMs: number;
  /** Report that a timer armed for `plannedMs` fired `actualMs` after it was armed. */
  observe(plannedMs: number, actualMs: number): void;
}

export interface CompensatorOptions {
  /** The share of timers expected to fire less late than the estimate (0–1). */
  readonly quantile?: number;
  /** How far one observation moves the estimate, in ms (before weighting by the quantile). */
  readonly stepMs?: number;
  /** Upper bound of the estimate, in ms. */
  readonly maxMs?: number;
}

export function createLatenessCompensator(options: CompensatorOptions = {}): LatenessCompensator {
  const quantile = options.quantile ?? 0.1;
  const stepMs = options.stepMs ?? 0.05;
  const maxMs = options.maxMs ?? 5;
  let estimate = 0;
  return {
    get estimateMs() {
      return estimate;
    },
    observe(plannedMs, actualMs) {
      // How late the timer itself was; the early arming is already inside plannedMs.
      const lateness = actualMs - plannedMs;
      // Stochastic quantile tracking: up by step·q when the timer was later than the estimate,
      // down by step·(1−q) when it was not, which settles where a share q of timers is below.
      estimate += lateness > estimate ? stepMs * quantile : -stepMs * (1 - quantile);
      estimate = Math.min(maxMs, Math.max(0, estimate));
    },
  };
}

/**
 * Timers fire late: libuv rounds to whole milliseconds, and under load a timer waits behind the
 * callbacks queued before it. Left alone that lateness is a systematic positive error on every
 * sampled delay (DESIGN.md measured +1 to +5 ms at the client). This keeps a moving average of how
 * late our own latency timers fire and schedules the next ones that much earlier, so the error
 * centres on zero instead. It never makes a wait negative, and is capped so one stall (a GC pause,
 * a CPU-starved second) cannot swing later delays far.
 */
export interface LatenessCompensator {
  /** How much earlier than the target to arm the next timer, in ms. */
  readonly estimateMs: number;
  /** Report that a timer armed for `plannedMs` fired `actualMs` after it was armed. */
  observe(plannedMs: number, actualMs: number): void;
}

export interface CompensatorOptions {
  /** Weight of the newest observation in the moving average. */
  readonly smoothing?: number;
  /** Upper bound of the estimate, in ms. */
  readonly maxMs?: number;
}

export function createLatenessCompensator(options: CompensatorOptions = {}): LatenessCompensator {
  const smoothing = options.smoothing ?? 0.05;
  const maxMs = options.maxMs ?? 5;
  let estimate = 0;
  return {
    get estimateMs() {
      return estimate;
    },
    observe(plannedMs, actualMs) {
      // How late the timer itself was; the early arming is already inside plannedMs.
      const lateness = Math.min(maxMs, Math.max(0, actualMs - plannedMs));
      estimate += smoothing * (lateness - estimate);
    },
  };
}

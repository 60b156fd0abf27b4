import type { Clock, TimerId } from '../../clock/index.js';
import { MAX_TIMER_MS } from '../../plan/index.js';
import type { LatenessCompensator } from './lateness-compensator.js';

/** How much earlier than its sampled delay a response may leave (timers have whole-ms resolution). */
export const EARLY_TOLERANCE_MS = 0.5;

/**
 * Waits until `delayMs` after `arrivedAt` (`clock.now()` time), then calls `onDue`; returns a
 * cancel function. The first timer is armed early by the compensator's average lateness so the
 * error centres on zero. A timer that then fires on time would deliver early, so it is re-armed
 * for what is left: a response never leaves more than EARLY_TOLERANCE_MS before its delay, which
 * a fixed delay's users rely on (a 5 ms stub must not answer in 1 ms on a loaded machine).
 * Returns undefined, having called `onDue` at once, when the delay is already spent.
 */
export function waitOutDelay(delayMs: number, arrivedAt: number, lateness: LatenessCompensator, clock: Clock, onDue: () => void): (() => void) | undefined {
  const firstWaitMs = delayMs - (clock.now() - arrivedAt);
  if (firstWaitMs <= EARLY_TOLERANCE_MS) {
    onDue();
    return undefined;
  }
  let timer: TimerId;
  // A sampled delay has no upper bound (pareto tails, a long fixed latency); a timer over 2³¹−1 ms
  // would fire after 1 ms. Waiting at most that long and re-arming for the rest keeps it exact.
  const arm = (waitMs: number, compensated: boolean) => {
    const armedAt = clock.now();
    timer = clock.setTimeout(
      () => {
        const firedAt = clock.now();
        if (compensated) lateness.observe(waitMs, firedAt - armedAt);
        const shortMs = delayMs - (firedAt - arrivedAt);
        if (shortMs > EARLY_TOLERANCE_MS) arm(shortMs, false);
        else onDue();
      },
      Math.min(waitMs, MAX_TIMER_MS),
    );
  };
  arm(Math.max(1, firstWaitMs - lateness.estimateMs), true);
  return () => clock.clearTimeout(timer);
}

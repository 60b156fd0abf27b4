import { err, ok, parseDurationMs, type ConfigIssue, type Duration, type Result } from '../config/index.js';

/**
 * The longest delay a Node timer keeps: setTimeout turns anything above 2³¹−1 ms (about 24.8 days)
 * into 1 ms, so a `hang` meant to last "forever" closed the connection at once.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A config duration that becomes a timer, in ms, or an issue at `at` when no timer can hold it
 * (or when `positive` and it is 0).
 */
export function timerDurationMs(duration: Duration, at: string, positive = false): Result<number, ConfigIssue[]> {
  const ms = parseDurationMs(duration);
  if (ms > MAX_TIMER_MS)
    return err([{ path: at, message: `must be at most ${MAX_TIMER_MS} ms (about 24.8 days, the longest timer Node keeps), got ${ms} ms` }]);
  if (positive && ms <= 0) return err([{ path: at, message: 'must be above 0' }]);
  return ok(ms);
}

import { fuzzSettings } from './fuzz-settings.js';

/**
 * Runs `work` and fails when it took longer than the per-input limit. A synchronous hang cannot be
 * interrupted from the same thread, so generators keep inputs small enough that exponential work
 * shows up as seconds, not hours, and this turns it into a failure with the input attached.
 */
export function withinTime<T>(what: string, work: () => T, limitMs = fuzzSettings.inputLimitMs): T {
  const started = performance.now();
  const result = work();
  const tookMs = performance.now() - started;
  if (tookMs > limitMs) throw new Error(`${what} took ${Math.round(tookMs)} ms (limit ${limitMs} ms): a hang or super-linear work`);
  return result;
}

/** {@link withinTime} for async work; the limit is checked when it settles. */
export async function withinTimeAsync<T>(what: string, work: () => Promise<T>, limitMs = fuzzSettings.inputLimitMs): Promise<T> {
  const started = performance.now();
  const result = await work();
  const tookMs = performance.now() - started;
  if (tookMs > limitMs) throw new Error(`${what} took ${Math.round(tookMs)} ms (limit ${limitMs} ms): a hang or super-linear work`);
  return result;
}

import type { ManualClock } from '../../src/clock/index.js';

/**
 * Moves `clock` a millisecond per event-loop turn until `pending` settles: a request whose answer
 * waits on the clock (latency, a schedule window) is answered without the test sleeping.
 */
export async function whileAdvancing<T>(clock: ManualClock, pending: Promise<T>): Promise<T> {
  let settled = false;
  void pending.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) await clock.advanceAsync(1);
  return pending;
}

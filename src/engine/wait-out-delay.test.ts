import { performance } from 'node:perf_hooks';
import { describe, expect, it, vi } from 'vitest';
import { createLatenessCompensator } from './lateness-compensator.js';
import { EARLY_TOLERANCE_MS, waitOutDelay } from './wait-out-delay.js';

const waitFor = (delayMs: number, compensator = createLatenessCompensator()) =>
  new Promise<number>((resolve) => {
    const arrivedAt = performance.now();
    waitOutDelay(delayMs, arrivedAt, compensator, () => resolve(performance.now() - arrivedAt));
  });

describe('waitOutDelay', () => {
  it('never delivers earlier than the tolerance, even when the compensator expects late timers', async () => {
    const compensator = createLatenessCompensator({ smoothing: 1, maxMs: 5 });
    compensator.observe(1, 6); // one stall: the estimate is now 5 ms
    expect(compensator.estimateMs).toBe(5);
    for (const delayMs of [3, 5, 8]) {
      const elapsed = await waitFor(delayMs, compensator);
      expect(elapsed).toBeGreaterThanOrEqual(delayMs - EARLY_TOLERANCE_MS);
    }
  });

  it('calls back at once when the delay is already spent', () => {
    let called = false;
    const cancel = waitOutDelay(5, performance.now() - 10, createLatenessCompensator(), () => (called = true));
    expect(called).toBe(true);
    expect(cancel).toBeUndefined();
  });

  it('can be cancelled while waiting', async () => {
    let called = false;
    const cancel = waitOutDelay(5, performance.now(), createLatenessCompensator(), () => (called = true));
    cancel!();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(called).toBe(false);
  });

  it('arms a delay longer than a Node timer holds as the longest timer there is (then re-arms for the rest)', () => {
    const armed = vi.spyOn(globalThis, 'setTimeout');
    try {
      let called = false;
      const cancel = waitOutDelay(2 ** 31 + 5_000, performance.now(), createLatenessCompensator(), () => (called = true));
      // Node would turn 2^31 + 5000 into 1 ms: the response would be re-armed every millisecond.
      expect(armed.mock.calls.map(([, ms]) => ms)).toEqual([2 ** 31 - 1]);
      cancel!();
      expect(called).toBe(false);
    } finally {
      armed.mockRestore();
    }
  });
});

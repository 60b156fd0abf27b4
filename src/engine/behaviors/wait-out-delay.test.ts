import { describe, expect, it, vi } from 'vitest';
import { ManualClock, systemClock } from '../../clock/index.js';
import { createLatenessCompensator } from './lateness-compensator.js';
import { EARLY_TOLERANCE_MS, waitOutDelay } from './wait-out-delay.js';

/** A ManualClock whose armed delays are recorded, and a wait started on it now. */
function waitOnManualClock(delayMs: number, compensator = createLatenessCompensator()) {
  const clock = new ManualClock({ nowMs: 1_000 });
  const armed = vi.spyOn(clock, 'setTimeout');
  const arrivedAt = clock.now();
  const dueAt: number[] = [];
  const cancel = waitOutDelay(delayMs, arrivedAt, compensator, clock, () => dueAt.push(clock.now() - arrivedAt));
  return { clock, cancel, dueAt, armedMs: () => armed.mock.calls.map(([, ms]) => ms) };
}

describe('waitOutDelay', () => {
  it('arms early by the expected lateness, then re-arms for what is left when the timer is on time', () => {
    const compensator = createLatenessCompensator({ quantile: 0.5, stepMs: 4, maxMs: 5 });
    compensator.observe(1, 3); // timers ran late: the estimate moves up to 2 ms
    const { clock, dueAt, armedMs } = waitOnManualClock(10, compensator);
    clock.advance(9);
    expect(dueAt).toEqual([]);
    clock.advance(1);
    expect(dueAt).toEqual([10]);
    expect(armedMs()).toEqual([8, 2]);
  });

  it('never delivers before the delay, whatever lateness the compensator expects', () => {
    for (const delayMs of [3, 5, 8]) {
      const compensator = createLatenessCompensator({ quantile: 0.5, stepMs: 4, maxMs: 5 });
      compensator.observe(1, 6);
      compensator.observe(1, 6); // stalls: the estimate is now at its 5 ms cap
      const { clock, dueAt } = waitOnManualClock(delayMs, compensator);
      clock.advance(delayMs - 1);
      expect(dueAt).toEqual([]);
      clock.advance(1);
      expect(dueAt).toEqual([delayMs]);
    }
  });

  // Real timers: what this proves is that the host's timers (whole-ms rounding, firing early or
  // late under load) still never deliver before the tolerance; a ManualClock fires exactly on time.
  it('never delivers earlier than the tolerance on the system clock (real timers, ~20 ms)', async () => {
    const compensator = createLatenessCompensator({ quantile: 0.5, stepMs: 4, maxMs: 5 });
    compensator.observe(1, 6);
    compensator.observe(1, 6); // at its 5 ms cap: timers armed this early mostly come back early
    for (const delayMs of [3, 5, 8]) {
      const elapsed = await new Promise<number>((resolve) => {
        const arrivedAt = systemClock.now();
        waitOutDelay(delayMs, arrivedAt, compensator, systemClock, () => resolve(systemClock.now() - arrivedAt));
      });
      expect(elapsed).toBeGreaterThanOrEqual(delayMs - EARLY_TOLERANCE_MS);
    }
  });

  it('calls back at once when the delay is already spent', () => {
    const clock = new ManualClock({ nowMs: 1_000 });
    let called = false;
    const cancel = waitOutDelay(5, clock.now() - 10, createLatenessCompensator(), clock, () => (called = true));
    expect(called).toBe(true);
    expect(cancel).toBeUndefined();
    expect(clock.pendingTimers).toBe(0);
  });

  it('can be cancelled while waiting', () => {
    const { clock, cancel, dueAt } = waitOnManualClock(5);
    cancel!();
    clock.advance(20);
    expect(dueAt).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('arms a delay longer than a Node timer holds as the longest timer there is (then re-arms for the rest)', () => {
    // The ManualClock fires a longer timer after 1 ms, as Node does: unclamped, this would spin.
    const { clock, cancel, dueAt, armedMs } = waitOnManualClock(2 ** 31 + 5_000);
    expect(armedMs()).toEqual([2 ** 31 - 1]);
    clock.advance(2 ** 31 - 1);
    expect(armedMs()).toEqual([2 ** 31 - 1, 5_001]);
    expect(dueAt).toEqual([]);
    clock.advance(5_001);
    expect(dueAt).toEqual([2 ** 31 + 5_000]);
    expect(cancel).toBeDefined();
  });
});

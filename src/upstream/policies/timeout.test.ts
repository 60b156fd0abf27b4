import { describe, expect, it } from 'vitest';
import type { Outcome } from './attempt.js';
import { deadlinePolicy, incomingDeadline, perTryTimeoutPolicy } from './timeout.js';
import { ManualClock, settle, testAnswer, testRequest, testTargets } from './policy-test-kit.js';

const [target] = testTargets([1]);

describe('deadline and per-try timeout', () => {
  it('fails UPSTREAM_DEADLINE_EXCEEDED at the deadline, cancels the attempt, and discards an answer that comes later', async () => {
    const clock = new ManualClock();
    const late = testAnswer(200, target!);
    let cancelled = false;
    const attempt = deadlinePolicy(
      { totalMs: 100, header: undefined },
      clock,
    )((request) => {
      request.cancel.onCancel(() => (cancelled = true));
      return new Promise<Outcome>((resolve) => clock.setTimeout(() => resolve(late), 500));
    });
    const done = attempt(testRequest());
    clock.advance(100);
    expect(await done).toMatchObject({ failure: 'deadline', error: { code: 'UPSTREAM_DEADLINE_EXCEEDED', status: 504 } });
    expect(cancelled).toBe(true);
    clock.advance(400);
    await settle();
    expect(late.discarded).toBe(true);
  });

  it("takes the client's shorter deadline and sets deadlineAt for the attempts", async () => {
    const clock = new ManualClock({ nowMs: 1_000 });
    let seenDeadline = 0;
    const attempt = deadlinePolicy(
      { totalMs: 1_000, header: 'x-timeout-ms' },
      clock,
    )((request) => {
      seenDeadline = request.deadlineAt;
      return Promise.resolve(testAnswer(200, target!));
    });
    await attempt(testRequest({ deadlineAt: incomingDeadline(['X-Timeout-Ms', '250'], 'x-timeout-ms', clock.now()) }));
    expect(seenDeadline).toBe(1_250);
    expect(incomingDeadline(['x-timeout-ms', '-5'], 'x-timeout-ms', 0)).toBe(Infinity);
    expect(incomingDeadline(['x-timeout-ms', 'soon'], 'x-timeout-ms', 0)).toBe(Infinity);
    expect(incomingDeadline(['x-timeout-ms', '1e12'], 'x-timeout-ms', 0)).toBe(Infinity);
  });

  it('fails a try as a timeout after perTryTimeout', async () => {
    const clock = new ManualClock();
    const attempt = perTryTimeoutPolicy(30, clock)(() => new Promise<Outcome>(() => undefined));
    const done = attempt(testRequest());
    clock.advance(30);
    expect(await done).toMatchObject({ failure: 'timeout', error: { code: 'UPSTREAM_TIMEOUT' } });
  });
});

import { describe, expect, it } from 'vitest';
import type { HedgeSpec } from '../../plan/index.js';
import type { Outcome } from './attempt.js';
import { hedgePolicy } from './hedge.js';
import { HedgeBudget } from './hedge-budget.js';
import { TargetLatencies } from './latency-window.js';
import { newCounters } from './resilience-counters.js';
import { ManualClock, settle, testAnswer, testFailure, testRequest, testTargets } from './policy-test-kit.js';

const spec = (overrides: Partial<HedgeSpec> = {}): HedgeSpec => ({ afterMs: 50, percentile: undefined, max: 1, budgetShare: 1, ...overrides });
const [a, b] = testTargets([1, 1]);

/** Attempts that answer after the given delays on the clock, in the order they are sent. */
function delayed(clock: ManualClock, plans: { ms: number; status: number }[]) {
  const sent: { cancelled: () => boolean; answer: ReturnType<typeof testAnswer> }[] = [];
  const attempt = (request: Parameters<Parameters<ReturnType<typeof hedgePolicy>>[0]>[0]) => {
    const plan = plans[sent.length]!;
    const answer = testAnswer(plan.status, sent.length === 0 ? a! : b!);
    // As dispatch-attempt does, synchronously: the hedge policy reads the target it went to.
    request.tried.push(answer.target);
    sent.push({ cancelled: () => request.cancel.cancelled, answer });
    return new Promise<Outcome>((resolve) => clock.setTimeout(() => resolve(answer), plan.ms));
  };
  return { attempt, sent };
}

describe('hedging', () => {
  it('sends a second attempt after the delay; the first good answer wins and the other is cancelled and discarded', async () => {
    const clock = new ManualClock();
    const counters = newCounters();
    const script = delayed(clock, [
      { ms: 1_000, status: 200 },
      { ms: 10, status: 200 },
    ]);
    const done = hedgePolicy(spec(), new HedgeBudget(), new TargetLatencies(), clock, counters)(script.attempt)(testRequest());
    clock.advance(49);
    expect(script.sent.length).toBe(1);
    clock.advance(1);
    expect(script.sent.length).toBe(2);
    clock.advance(10);
    const outcome = await done;
    expect(outcome).toBe(script.sent[1]!.answer);
    expect(script.sent[0]!.cancelled()).toBe(true);
    expect(counters.hedges).toBe(1);
    clock.advance(1_000);
    await settle();
    expect(script.sent[0]!.answer.discarded).toBe(true);
  });

  it("counts an attempt that lost to a hedge in its target's window, at the time it had run (the tail is not hidden)", async () => {
    const clock = new ManualClock();
    const latencies = new TargetLatencies();
    const policy = hedgePolicy(spec(), new HedgeBudget(), latencies, clock, newCounters());
    for (let i = 0; i < 20; i++) {
      const script = delayed(clock, [
        { ms: 1_000, status: 200 },
        { ms: 10, status: 200 },
      ]);
      const cancellable = (request: Parameters<typeof script.attempt>[0]) =>
        Promise.race([script.attempt(request), new Promise<Outcome>((resolve) => request.cancel.onCancel(() => resolve(testFailure('cancelled', a!))))]);
      const done = policy(cancellable)(testRequest());
      clock.advance(60);
      await done;
      await settle();
    }
    // a: 20 attempts cancelled after 60 ms; b: 20 answers in 10 ms.
    expect(latencies.of(a!).quantile(0.5)).toBe(60);
    expect(latencies.of(b!).quantile(0.5)).toBe(10);
  });

  it('discards a failed answer it kept when a good one comes after it', async () => {
    const clock = new ManualClock();
    const script = delayed(clock, [
      { ms: 100, status: 200 },
      { ms: 10, status: 503 },
    ]);
    const done = hedgePolicy(spec(), new HedgeBudget(), new TargetLatencies(), clock, newCounters())(script.attempt)(testRequest());
    clock.advance(60);
    await settle();
    clock.advance(40);
    expect(await done).toBe(script.sent[0]!.answer);
    expect(script.sent[1]!.answer.discarded).toBe(true);
  });

  it('sends no hedge when the first answer comes in time', async () => {
    const clock = new ManualClock();
    const script = delayed(clock, [{ ms: 20, status: 200 }]);
    const done = hedgePolicy(spec(), new HedgeBudget(), new TargetLatencies(), clock, newCounters())(script.attempt)(testRequest());
    clock.advance(20);
    await done;
    clock.advance(100);
    expect(script.sent.length).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('hedges only repeatable requests, and no more than the budget allows', async () => {
    const clock = new ManualClock();
    const budget = new HedgeBudget();
    const policy = hedgePolicy(spec({ budgetShare: 0.1 }), budget, new TargetLatencies(), clock, newCounters());
    const post = delayed(clock, [{ ms: 100, status: 200 }]);
    const posted = policy(post.attempt)(testRequest({ repeatable: false }));
    clock.advance(100);
    await posted;
    expect(post.sent.length).toBe(1);
    // 0.1 per request of the last 10 s (the POST counted neither): 25 slow requests, 100 ms apart, may hedge twice.
    let hedged = 0;
    for (let i = 0; i < 25; i++) {
      const script = delayed(clock, [
        { ms: 100, status: 200 },
        { ms: 100, status: 200 },
      ]);
      const done = policy(script.attempt)(testRequest());
      clock.advance(100);
      await done;
      hedged += script.sent.length - 1;
    }
    expect(hedged).toBe(2);
  });

  it('forgets requests older than 10 s: a quiet past does not pay for a burst of hedges', async () => {
    const clock = new ManualClock();
    const budget = new HedgeBudget();
    for (let i = 0; i < 1_000; i++) budget.deposit(clock.now());
    clock.advance(10_000);
    expect(budget.take(clock.now(), 0.1)).toBe(false);
    for (let i = 0; i < 20; i++) budget.deposit(clock.now());
    expect(budget.take(clock.now(), 0.1)).toBe(true);
    expect(budget.take(clock.now(), 0.1)).toBe(true);
    expect(budget.take(clock.now(), 0.1)).toBe(false);
    clock.advance(9_999);
    expect(budget.take(clock.now(), 0.1)).toBe(false);
  });

  it("waits the observed percentile of the first attempt's target when after is one", async () => {
    const clock = new ManualClock();
    const latencies = new TargetLatencies();
    for (let i = 1; i <= 100; i++) latencies.of(a!).observe(i);
    for (let i = 1; i <= 100; i++) latencies.of(b!).observe(i * 10);
    const script = delayed(clock, [
      { ms: 1_000, status: 200 },
      { ms: 1, status: 200 },
    ]);
    const done = hedgePolicy(spec({ afterMs: undefined, percentile: 0.95 }), new HedgeBudget(), latencies, clock, newCounters())(script.attempt)(testRequest());
    clock.advance(94);
    expect(script.sent.length).toBe(1);
    clock.advance(2);
    expect(script.sent.length).toBe(2);
    clock.advance(1);
    await done;
  });
});

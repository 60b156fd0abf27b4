import { describe, expect, it } from 'vitest';
import type { HedgeSpec } from '../../plan/index.js';
import type { Outcome } from './attempt.js';
import { HedgeBudget, hedgePolicy } from './hedge.js';
import { LatencyWindow } from './latency-window.js';
import { newCounters } from './resilience-counters.js';
import { ManualClock, settle, testAnswer, testRequest, testTargets } from './policy-test-kit.js';

const spec = (overrides: Partial<HedgeSpec> = {}): HedgeSpec => ({ afterMs: 50, percentile: undefined, max: 1, budgetShare: 1, ...overrides });
const [a, b] = testTargets([1, 1]);

/** Attempts that answer after the given delays on the clock, in the order they are sent. */
function delayed(clock: ManualClock, plans: { ms: number; status: number }[]) {
  const sent: { cancelled: () => boolean; answer: ReturnType<typeof testAnswer> }[] = [];
  const attempt = (request: Parameters<Parameters<ReturnType<typeof hedgePolicy>>[0]>[0]) => {
    const plan = plans[sent.length]!;
    const answer = testAnswer(plan.status, sent.length === 0 ? a! : b!);
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
    const done = hedgePolicy(spec(), new HedgeBudget(), new LatencyWindow(), clock, counters)(script.attempt)(testRequest());
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

  it('discards a failed answer it kept when a good one comes after it', async () => {
    const clock = new ManualClock();
    const script = delayed(clock, [
      { ms: 100, status: 200 },
      { ms: 10, status: 503 },
    ]);
    const done = hedgePolicy(spec(), new HedgeBudget(), new LatencyWindow(), clock, newCounters())(script.attempt)(testRequest());
    clock.advance(60);
    await settle();
    clock.advance(40);
    expect(await done).toBe(script.sent[0]!.answer);
    expect(script.sent[1]!.answer.discarded).toBe(true);
  });

  it('sends no hedge when the first answer comes in time', async () => {
    const clock = new ManualClock();
    const script = delayed(clock, [{ ms: 20, status: 200 }]);
    const done = hedgePolicy(spec(), new HedgeBudget(), new LatencyWindow(), clock, newCounters())(script.attempt)(testRequest());
    clock.advance(20);
    await done;
    clock.advance(100);
    expect(script.sent.length).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('hedges only repeatable requests, and no more than the budget allows', async () => {
    const clock = new ManualClock();
    const budget = new HedgeBudget();
    const policy = hedgePolicy(spec({ budgetShare: 0.1 }), budget, new LatencyWindow(), clock, newCounters());
    const post = delayed(clock, [{ ms: 100, status: 200 }]);
    const posted = policy(post.attempt)(testRequest({ repeatable: false }));
    clock.advance(100);
    await posted;
    expect(post.sent.length).toBe(1);
    // The starting token plus 0.1 per request: 25 slow requests may hedge 3 times.
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
    expect(hedged).toBe(3);
  });

  it('waits the observed percentile when after is one', async () => {
    const clock = new ManualClock();
    const window = new LatencyWindow();
    for (let i = 1; i <= 100; i++) window.observe(i);
    const script = delayed(clock, [
      { ms: 1_000, status: 200 },
      { ms: 1, status: 200 },
    ]);
    const done = hedgePolicy(spec({ afterMs: undefined, percentile: 0.95 }), new HedgeBudget(), window, clock, newCounters())(script.attempt)(testRequest());
    clock.advance(94);
    expect(script.sent.length).toBe(1);
    clock.advance(2);
    expect(script.sent.length).toBe(2);
    clock.advance(1);
    await done;
  });
});

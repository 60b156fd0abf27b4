import { describe, expect, it } from 'vitest';
import { createRandom } from '../../distributions/index.js';
import type { RetrySpec } from '../../plan/index.js';
import type { Outcome } from './attempt.js';
import { backoffMs } from './backoff.js';
import { newCounters } from './resilience-counters.js';
import { RetryBudget } from './retry-budget.js';
import { retryPolicy } from './retry.js';
import { conditionSet, ManualClock, settle, testAnswer, testFailure, testRequest, testTargets } from './policy-test-kit.js';

const spec = (overrides: Partial<RetrySpec> = {}): RetrySpec => ({
  attempts: 3,
  perTryTimeoutMs: 0,
  retryOn: conditionSet(['connect-failure', 'reset', '429', '502', '503', '504']),
  baseMs: 100,
  maxMs: 1_000,
  jitter: 'none',
  retryNonIdempotent: false,
  maxReplayBytes: 65_536,
  budgetShare: 0.2,
  budgetMinConcurrency: 3,
  budgetMaxTokens: 10,
  budgetTokenRatio: 0.5,
  ...overrides,
});

const [target] = testTargets([1]);

/** An attempt answering the given outcomes in turn, counting its calls. */
function scripted(outcomes: (() => Outcome)[]) {
  let calls = 0;
  const attempt = () => Promise.resolve(outcomes[Math.min(calls++, outcomes.length - 1)]!());
  return { attempt, calls: () => calls };
}

describe('retry', () => {
  it('retries what retryOn lists after an exponential backoff on the Clock, up to attempts', async () => {
    const clock = new ManualClock();
    const counters = newCounters();
    const script = scripted([() => testAnswer(503, target!), () => testFailure('connect-failure', target), () => testAnswer(200, target!)]);
    const done = retryPolicy(spec(), new RetryBudget(), clock, createRandom(1), counters)(script.attempt)(testRequest());
    await settle();
    expect(script.calls()).toBe(1);
    clock.advance(99);
    await settle();
    expect(script.calls()).toBe(1);
    clock.advance(1);
    await settle();
    expect(script.calls()).toBe(2);
    clock.advance(200);
    const outcome = await done;
    expect(outcome).toMatchObject({ kind: 'answer', status: 200 });
    expect(counters.retries).toBe(2);
  });

  it('does not retry what retryOn does not list, nor a request that is not repeatable', async () => {
    const clock = new ManualClock();
    const policy = retryPolicy(spec(), new RetryBudget(), clock, createRandom(1), newCounters());
    const notListed = scripted([() => testAnswer(500, target!)]);
    expect(await policy(notListed.attempt)(testRequest())).toMatchObject({ status: 500 });
    expect(notListed.calls()).toBe(1);
    const post = scripted([() => testAnswer(503, target!)]);
    expect(await policy(post.attempt)(testRequest({ repeatable: false }))).toMatchObject({ status: 503 });
    expect(post.calls()).toBe(1);
  });

  it("waits a 429's Retry-After, and does not retry one longer than backoff.max", async () => {
    const clock = new ManualClock();
    const policy = retryPolicy(spec(), new RetryBudget(), clock, createRandom(1), newCounters());
    const short = scripted([() => testAnswer(429, target!, 500), () => testAnswer(200, target!)]);
    const done = policy(short.attempt)(testRequest());
    await settle();
    clock.advance(499);
    await settle();
    expect(short.calls()).toBe(1);
    clock.advance(1);
    expect(await done).toMatchObject({ status: 200 });
    const long = scripted([() => testAnswer(429, target!, 5_000)]);
    expect(await policy(long.attempt)(testRequest())).toMatchObject({ status: 429 });
    expect(long.calls()).toBe(1);
  });

  it('discards the answers it retries', async () => {
    const clock = new ManualClock();
    const first = testAnswer(503, target!);
    const script = scripted([() => first, () => testAnswer(200, target!)]);
    const done = retryPolicy(spec({ baseMs: 1 }), new RetryBudget(), clock, createRandom(1), newCounters())(script.attempt)(testRequest());
    await settle();
    clock.advance(1);
    await done;
    expect(first.discarded).toBe(true);
  });

  it('stops at the deadline rather than wait past it', async () => {
    const clock = new ManualClock();
    const script = scripted([() => testAnswer(503, target!)]);
    const outcome = await retryPolicy(spec(), new RetryBudget(), clock, createRandom(1), newCounters())(script.attempt)(testRequest({ deadlineAt: 50 }));
    expect(outcome).toMatchObject({ status: 503 });
    expect(script.calls()).toBe(1);
  });

  it('keeps retries in flight within the budget and answers UPSTREAM_RETRY_BUDGET_EXHAUSTED beyond it', async () => {
    const clock = new ManualClock();
    const budget = new RetryBudget();
    const counters = newCounters();
    const policy = retryPolicy(spec({ budgetShare: 0.2, budgetMinConcurrency: 1, budgetMaxTokens: 0, baseMs: 10 }), budget, clock, createRandom(1), counters);
    const failing = () => Promise.resolve(testFailure('connect-failure', target));
    const all = Array.from({ length: 10 }, () => policy(failing)(testRequest()));
    await settle();
    // 10 requests in flight: at most max(1, 0.2 × 10) = 2 retries at once.
    expect(budget.retries).toBe(2);
    expect(counters.budgetExhausted).toBe(8);
    for (let i = 0; i < 20; i++) {
      clock.advance(100);
      await settle();
    }
    const outcomes = await Promise.all(all);
    expect(outcomes.filter((o) => o.kind === 'failure' && o.failure === 'budget-exhausted').length).toBeGreaterThanOrEqual(8);
    expect(outcomes.find((o) => o.kind === 'failure' && o.failure === 'budget-exhausted')).toMatchObject({
      error: { code: 'UPSTREAM_RETRY_BUDGET_EXHAUSTED' },
    });
    expect(budget.retries).toBe(0);
    expect(budget.active).toBe(0);
  });
});

describe('retry throttling (the budget when requests come one at a time)', () => {
  const noWait = spec({ baseMs: 0, maxMs: 0 });

  it('when every attempt fails, stops retrying after maxTokens / 2 failures, however low the concurrency', async () => {
    const budget = new RetryBudget();
    const counters = newCounters();
    const policy = retryPolicy(noWait, budget, new ManualClock(), createRandom(1), counters);
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.resolve(testFailure('connect-failure', target));
    };
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 80; i++) outcomes.push(await policy(failing)(testRequest()));
    // 10 tokens: the first request is tried 3 times (10 → 7), the second twice (→ 5), the other 78 once: 3 retries in all.
    expect(calls).toBe(83);
    expect(calls / 80).toBeLessThanOrEqual(1.2);
    expect(outcomes.at(-1)).toMatchObject({ kind: 'failure', failure: 'budget-exhausted', error: { code: 'UPSTREAM_RETRY_BUDGET_EXHAUSTED' } });
    expect(budget.tokens(noWait)).toBe(0);
  });

  it('good answers refill the bucket: retries resume once it is above half again', async () => {
    const budget = new RetryBudget();
    const policy = retryPolicy(noWait, budget, new ManualClock(), createRandom(1), newCounters());
    for (let i = 0; i < 10; i++) await policy(() => Promise.resolve(testFailure('connect-failure', target)))(testRequest());
    expect(budget.tokens(noWait)).toBe(0);
    for (let i = 0; i < 13; i++) await policy(() => Promise.resolve(testAnswer(200, target!)))(testRequest());
    // The failure below takes one token first: 6.5 → 5.5, still above half.
    expect(budget.tokens(noWait)).toBe(6.5);
    const recovering = scripted([() => testAnswer(503, target!), () => testAnswer(200, target!)]);
    expect(await policy(recovering.attempt)(testRequest())).toMatchObject({ status: 200 });
    expect(recovering.calls()).toBe(2);
  });

  it('lets every retry through when one answer in six fails (50% 503 on one of three targets)', async () => {
    const budget = new RetryBudget();
    const policy = retryPolicy(noWait, budget, new ManualClock(), createRandom(1), newCounters());
    const random = createRandom(42);
    let calls = 0;
    let good = 0;
    for (let i = 0; i < 10_000; i++) {
      let first = true;
      const attempt = () => {
        calls++;
        const fails = first && random.next() < 1 / 6;
        first = false;
        return Promise.resolve(fails ? testAnswer(503, target!) : testAnswer(200, target!));
      };
      const outcome = await policy(attempt)(testRequest());
      if (outcome.kind === 'answer' && outcome.status === 200) good++;
    }
    expect(good).toBe(10_000);
    expect(calls / 10_000).toBeLessThan(1.2);
  });
});

describe('backoff', () => {
  it('doubles from base up to max with no jitter, and stays within [0, ceiling] with full jitter, replayably', () => {
    const random = createRandom(7);
    expect([1, 2, 3, 4, 5].map((n) => backoffMs({ baseMs: 100, maxMs: 1_000, jitter: 'none' }, n, 0, random))).toEqual([100, 200, 400, 800, 1_000]);
    const full = [1, 2, 3].map((n) => backoffMs({ baseMs: 100, maxMs: 1_000, jitter: 'full' }, n, 0, createRandom(7)));
    expect(full).toEqual([1, 2, 3].map((n) => backoffMs({ baseMs: 100, maxMs: 1_000, jitter: 'full' }, n, 0, createRandom(7))));
    full.forEach((ms, i) => expect(ms).toBeLessThanOrEqual(100 * 2 ** i));
    const equal = backoffMs({ baseMs: 100, maxMs: 1_000, jitter: 'equal' }, 2, 0, random);
    expect(equal).toBeGreaterThanOrEqual(100);
    expect(equal).toBeLessThanOrEqual(200);
    const decorrelated = backoffMs({ baseMs: 100, maxMs: 1_000, jitter: 'decorrelated' }, 3, 300, random);
    expect(decorrelated).toBeGreaterThanOrEqual(100);
    expect(decorrelated).toBeLessThanOrEqual(900);
  });
});

import { describe, expect, it } from 'vitest';
import type { Outcome } from './attempt.js';
import { Bulkhead, bulkheadPolicy } from './bulkhead.js';
import { newCounters } from './resilience-counters.js';
import { ManualClock, settle, testAnswer, testRequest, testTargets } from './policy-test-kit.js';

const [target] = testTargets([1]);

function held(clock: ManualClock, ms: number) {
  let calls = 0;
  const attempt = () => {
    calls++;
    return new Promise<Outcome>((resolve) => clock.setTimeout(() => resolve(testAnswer(200, target!)), ms));
  };
  return { attempt, calls: () => calls };
}

describe('bulkhead', () => {
  it('lets maxConcurrent through, queues maxQueued, and refuses the rest at once with UPSTREAM_BULKHEAD_FULL', async () => {
    const clock = new ManualClock();
    const counters = newCounters();
    const bulkhead = new Bulkhead({ maxConcurrent: 2, maxQueued: 1, queueTimeoutMs: 1_000 });
    const script = held(clock, 100);
    const attempt = bulkheadPolicy(bulkhead, clock, counters)(script.attempt);
    const runs = [attempt(testRequest()), attempt(testRequest()), attempt(testRequest())];
    const refused = await attempt(testRequest());
    expect(refused).toMatchObject({ kind: 'failure', failure: 'bulkhead-full', error: { code: 'UPSTREAM_BULKHEAD_FULL', status: 503 } });
    expect(script.calls()).toBe(2);
    clock.advance(100);
    await settle();
    // The queued one got the first freed slot.
    expect(script.calls()).toBe(3);
    clock.advance(100);
    expect((await Promise.all(runs)).map((o) => o.kind)).toEqual(['answer', 'answer', 'answer']);
    expect(bulkhead.active).toBe(0);
    expect(counters.bulkheadRejected).toBe(1);
  });

  it('refuses a queued request after queueTimeout', async () => {
    const clock = new ManualClock();
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueued: 5, queueTimeoutMs: 50 });
    const attempt = bulkheadPolicy(bulkhead, clock, newCounters())(held(clock, 1_000).attempt);
    void attempt(testRequest());
    const queued = attempt(testRequest());
    clock.advance(50);
    expect(await queued).toMatchObject({ failure: 'bulkhead-full' });
    expect(bulkhead.queue.length).toBe(0);
  });

  it('leaves the queue when the request is cancelled (the client went away)', async () => {
    const clock = new ManualClock();
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueued: 5, queueTimeoutMs: 5_000 });
    const attempt = bulkheadPolicy(bulkhead, clock, newCounters())(held(clock, 1_000).attempt);
    void attempt(testRequest());
    const request = testRequest();
    const queued = attempt(request);
    request.cancel.cancel('client-gone');
    expect(await queued).toMatchObject({ failure: 'cancelled' });
    expect(bulkhead.queue.length).toBe(0);
  });
});

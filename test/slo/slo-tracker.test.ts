import { describe, expect, it } from 'vitest';
import type { AppliedSummary, JournalExchange } from '../../src/observe/journal/index.js';
import { createSloTracker, mergeSloRows, type SloDefinition } from '../../src/observe/slo/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 1);

/** A finished exchange as the engine hands it to the recorders. */
function exchange(
  atMs: number,
  options: { status?: number; completeMs?: number; abandoned?: boolean; applied?: Partial<AppliedSummary> } = {},
): JournalExchange {
  const completeMs = options.completeMs ?? 5;
  return {
    arrivedAtMs: atMs - completeMs,
    firstByteMs: completeMs,
    completeMs,
    method: 'GET',
    url: '/x',
    path: '/x',
    requestHeaders: {},
    requestBody: undefined,
    status: options.status ?? 200,
    responseHeaders: [],
    responseBody: undefined,
    applied: { endpointId: 'orders', delayMs: 0, ...options.applied },
    abandoned: options.abandoned ?? false,
    identity: undefined,
  };
}

const endpointSlo: SloDefinition = {
  kind: 'endpoint',
  id: 'orders',
  windowMs: 30 * DAY,
  objectives: [
    { name: 'availability', target: 0.99 },
    { name: 'latency-p99', target: 0.99, thresholdMs: 300 },
  ],
};

const row = (tracker: ReturnType<typeof createSloTracker>, nowMs: number, objective: string, kind = 'endpoint') =>
  tracker.read(nowMs).find((r) => r.objective === objective && r.kind === kind)!;

describe('SLO tracker', () => {
  it('counts 5xx, no answer and abandoned as bad for availability, and slower-than-threshold as bad for latency', () => {
    const tracker = createSloTracker();
    tracker.configure([endpointSlo]);
    tracker.record(exchange(START, { status: 200 }));
    tracker.record(exchange(START, { status: 404 }));
    tracker.record(exchange(START, { status: 429, applied: { rateLimited: true } }));
    tracker.record(exchange(START, { status: 503 }));
    tracker.record(exchange(START, { status: 0 }));
    tracker.record(exchange(START, { status: 200, abandoned: true }));
    tracker.record(exchange(START, { status: 200, completeMs: 300 }));
    tracker.record(exchange(START, { status: 200, completeMs: 301 }));
    expect(row(tracker, START, 'availability')).toMatchObject({ requests: 8, bad: 3 });
    // The abandoned one and the one over 300 ms.
    expect(row(tracker, START, 'latency-p99')).toMatchObject({ requests: 8, bad: 2, thresholdMs: 300 });
  });

  it('reads SLI, budget left and 1 h / 6 h burn rates, and forgets what left the 30-day window', () => {
    const tracker = createSloTracker();
    tracker.configure([{ ...endpointSlo, objectives: [{ name: 'availability', target: 0.9 }] }]);
    // 100 requests, 5 bad: 5% of a 10% budget.
    for (let i = 0; i < 100; i++) tracker.record(exchange(START + i * 1000, { status: i % 20 === 0 ? 500 : 200 }));
    const now = START + 100_000;
    expect(row(tracker, now, 'availability')).toMatchObject({
      target: 0.9,
      windowSeconds: 30 * 24 * 3600,
      requests: 100,
      bad: 5,
      sli: 0.95,
      errorBudgetRemaining: 0.5,
      burnRate: { '1h': 0.5, '6h': 0.5 },
      recent: { '1h': { requests: 100, bad: 5 }, '6h': { requests: 100, bad: 5 } },
    });
    // Two hours on: the last hour saw nothing, the last six still hold the burst.
    expect(row(tracker, now + 2 * HOUR, 'availability').burnRate).toEqual({ '1h': 0, '6h': 0.5 });
    expect(row(tracker, now + 7 * HOUR, 'availability').burnRate).toEqual({ '1h': 0, '6h': 0 });
    // 29 days on, 100 good ones: both batches in the window.
    const later = START + 29 * DAY;
    for (let i = 0; i < 100; i++) tracker.record(exchange(later + i, { status: 200 }));
    expect(row(tracker, later + 1000, 'availability')).toMatchObject({ requests: 200, bad: 5, sli: 0.975, errorBudgetRemaining: 0.75 });
    // Past 30 days from the first batch, only the second is left.
    expect(row(tracker, START + 30 * DAY + 2 * HOUR, 'availability')).toMatchObject({ requests: 100, bad: 0, sli: 1, errorBudgetRemaining: 1 });
    // And nothing at all after another 30 days: no SLI, the whole budget.
    const empty = row(tracker, START + 61 * DAY, 'availability');
    expect(empty).toMatchObject({ requests: 0, bad: 0, errorBudgetRemaining: 1 });
    expect(empty.sli).toBeUndefined();
  });

  it('reports an overspent budget below 0 and a burn rate above 1', () => {
    const tracker = createSloTracker();
    tracker.configure([{ ...endpointSlo, objectives: [{ name: 'availability', target: 0.999 }] }]);
    for (let i = 0; i < 1000; i++) tracker.record(exchange(START + i, { status: i < 20 ? 503 : 200 }));
    const read = row(tracker, START + 1000, 'availability');
    // 2% bad against a 0.1% budget: 20× burn, the budget spent 20 times (1 - 20 = -19).
    expect(read.burnRate['1h']).toBeCloseTo(20, 6);
    expect(read.errorBudgetRemaining).toBeCloseTo(-19, 6);
  });

  it('counts a fallback and Mimicus-made refusals as bad for the upstream, a fallback as good for the endpoint', () => {
    const tracker = createSloTracker();
    tracker.configure([
      { kind: 'endpoint', id: 'orders', windowMs: DAY, objectives: [{ name: 'availability', target: 0.99 }] },
      {
        kind: 'upstream',
        id: 'backend',
        windowMs: DAY,
        objectives: [
          { name: 'availability', target: 0.99 },
          { name: 'latency-p95', target: 0.95, thresholdMs: 100 },
        ],
      },
    ]);
    const upstream = (status: number, upstreamMs: number, outcome: 'complete' | 'failed' | 'reset' | 'abandoned' = 'complete') => ({
      upstream: { upstream: 'backend', target: 'http://127.0.0.1:1', status, upstreamMs, outcome },
    });
    // The backend's own answers: a 200 in 20 ms, a 404 in 150 ms, a 503 in 10 ms.
    tracker.record(exchange(START, { status: 200, applied: upstream(200, 20) }));
    tracker.record(exchange(START, { status: 404, applied: upstream(404, 150) }));
    tracker.record(exchange(START, { status: 503, applied: upstream(503, 10) }));
    // A fallback answered 200 for a failed backend (its summary: the fallback's status, upstreamMs -1).
    tracker.record(exchange(START, { status: 200, applied: upstream(200, -1) }));
    // A bulkhead-full refusal (503 UPSTREAM_BULKHEAD_FULL): never dispatched.
    tracker.record(exchange(START, { status: 503, applied: upstream(0, -1, 'failed') }));
    expect(row(tracker, START, 'availability', 'upstream')).toMatchObject({ requests: 5, bad: 3 });
    // Slower than 100 ms, or no answer head at all.
    expect(row(tracker, START, 'latency-p95', 'upstream')).toMatchObject({ requests: 5, bad: 3 });
    // The client's view: two 503s.
    expect(row(tracker, START, 'availability', 'endpoint')).toMatchObject({ requests: 5, bad: 2 });
  });

  it('keeps the history of an objective across a reconfiguration, and a new window length keeps what fits', () => {
    const tracker = createSloTracker();
    tracker.configure([endpointSlo]);
    for (let i = 0; i < 10; i++) tracker.record(exchange(START + i * DAY, { status: i < 2 ? 500 : 200 }));
    const now = START + 9 * DAY + 1000;
    expect(row(tracker, now, 'availability')).toMatchObject({ requests: 10, bad: 2 });
    // Same objective, another target: same history. Latency objective with another threshold: a new one.
    tracker.configure([
      {
        ...endpointSlo,
        objectives: [
          { name: 'availability', target: 0.95 },
          { name: 'latency-p99', target: 0.99, thresholdMs: 500 },
        ],
      },
    ]);
    expect(row(tracker, now, 'availability')).toMatchObject({ target: 0.95, requests: 10, bad: 2 });
    expect(row(tracker, now, 'latency-p99')).toMatchObject({ thresholdMs: 500, requests: 0 });
    // A 7-day window keeps the last 7 days.
    tracker.configure([{ ...endpointSlo, windowMs: 7 * DAY }]);
    expect(row(tracker, now, 'availability')).toMatchObject({ windowSeconds: 7 * 24 * 3600, requests: 7, bad: 0 });
    // Removed: no rows, no counting.
    tracker.configure([]);
    tracker.record(exchange(now, { status: 500 }));
    expect(tracker.read(now)).toEqual([]);
    expect(tracker.snapshotPart(now)).toEqual({});
  });

  it('ignores requests of other endpoints and unmatched ones, and events older than the ring holds', () => {
    const tracker = createSloTracker();
    tracker.configure([{ ...endpointSlo, windowMs: DAY }]);
    tracker.record(exchange(START, { applied: { endpointId: 'other' } }));
    tracker.record({ ...exchange(START), applied: { delayMs: 0 } });
    tracker.record({ ...exchange(START), applied: undefined });
    tracker.record(exchange(START + 2 * DAY, { status: 200 }));
    // A stale one (two days older than what its slots hold now) is dropped, not mixed in.
    tracker.record(exchange(START, { status: 500 }));
    expect(row(tracker, START + 2 * DAY, 'availability')).toMatchObject({ requests: 1, bad: 0 });
  });

  it('merges the rows of worker processes by summing counts, so SLI, budget and burn rates stay exact', () => {
    const slo: SloDefinition = { ...endpointSlo, objectives: [{ name: 'availability', target: 0.9 }] };
    const [a, b] = [createSloTracker(), createSloTracker()];
    a.configure([slo]);
    b.configure([slo]);
    // One process saw 10 requests, all bad; the other 90, all good: 10% bad overall, not the mean of 100% and 0%.
    for (let i = 0; i < 10; i++) a.record(exchange(START + i, { status: 500 }));
    for (let i = 0; i < 90; i++) b.record(exchange(START + i, { status: 200 }));
    const merged = mergeSloRows([a.read(START + 100), b.read(START + 100), []]);
    expect(merged).toEqual([
      expect.objectContaining({
        objective: 'availability',
        requests: 100,
        bad: 10,
        sli: 0.9,
        errorBudgetRemaining: 0,
        burnRate: { '1h': 1, '6h': 1 },
        recent: { '1h': { requests: 100, bad: 10 }, '6h': { requests: 100, bad: 10 } },
      }),
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { JournalExchange } from '../journal/index.js';
import { createMetricsSummary } from './metrics-summary.js';

const START = 1_700_000_000_000 - (1_700_000_000_000 % 10_000); // a slice boundary

function exchange(
  atMs: number,
  endpointId: string | undefined,
  status: number,
  completeMs: number,
  delayMs = 0,
  abandoned = false,
  extra: { rateLimited?: boolean; fault?: string } = {},
): JournalExchange {
  return {
    arrivedAtMs: atMs - completeMs,
    firstByteMs: completeMs,
    completeMs,
    method: 'GET',
    url: '/',
    path: '/',
    requestHeaders: {},
    requestBody: undefined,
    status,
    responseHeaders: [],
    responseBody: undefined,
    applied: endpointId === undefined ? { delayMs: 0, nearMisses: 0 } : { endpointId, delayMs, ...extra },
    abandoned,
    identity: undefined,
  };
}

describe('createMetricsSummary', () => {
  it('splits counts by outcome, and keeps 429s out of the answered percentiles', () => {
    const summary = createMetricsSummary(START);
    for (let i = 0; i < 90; i++) summary.record(exchange(START + 1_000, 'pay', 429, 0.02, 0, false, { rateLimited: true }));
    for (let i = 0; i < 8; i++) summary.record(exchange(START + 1_000, 'pay', 200, 100, 100));
    summary.record(exchange(START + 1_000, 'pay', 503, 100, 100, false, { fault: 'status 503' }));
    summary.record(exchange(START + 1_000, undefined, 404, 0.1));
    const overall = summary.read(START + 5_000)['1m'].overall;
    expect(overall.outcomes).toEqual({ answered: 8, rateLimited: 90, faulted: 1, unmatched: 1 });
    expect(overall.rateLimited).toBe(90);
    expect(overall.errors).toBe(1);
    // Everything together: the 429s make the median look instant; the answered ones took 100 ms.
    expect(overall.observed!.p50Ms).toBeLessThan(1);
    expect(overall.answered).toMatchObject({ count: 8, minMs: 100, maxMs: 100 });
  });

  it('gives the rate of the last 5 whole seconds beside the window average', () => {
    const summary = createMetricsSummary(START);
    // 10 s at 38 rps, starting 50 s into the minute: the minute's average still reads low.
    for (let second = 50; second < 60; second++) for (let i = 0; i < 38; i++) summary.record(exchange(START + second * 1_000 + 10 * i, 'a', 200, 1));
    for (let i = 0; i < 3; i++) summary.record(exchange(START + 58_000, 'b', 429, 0.1, 0, false, { rateLimited: true }));
    const now = START + 60_000;
    expect(summary.read(now)['1m'].overall.rps).toBeLessThan(10);
    const current = summary.current(now);
    expect(current).toMatchObject({ seconds: 5, rps: (38 * 5 + 3) / 5, rateLimited: 3, errors: 0 });
    expect(current.endpoints).toEqual([
      { endpoint: 'a', rps: 38 },
      { endpoint: 'b', rps: 0.6 },
    ]);
    // The second in progress is not counted; seconds older than five are gone.
    expect(summary.current(START + 70_500).rps).toBe(0);
  });

  it('slides the 1-minute window by 10-second slices while the 5-minute window still holds older requests', () => {
    const summary = createMetricsSummary(START);
    for (let i = 0; i < 10; i++) summary.record(exchange(START + 1_000, 'a', 200, 10));
    for (let i = 0; i < 5; i++) summary.record(exchange(START + 65_000, 'a', 200, 30));

    const at70s = summary.read(START + 70_000);
    // The first slice [0, 10 s) has left the minute [10 s, 70 s]; the 5 minutes hold both.
    expect(at70s['1m'].overall.requests).toBe(5);
    expect(at70s['1m'].overall.observed).toMatchObject({ count: 5, minMs: 30, maxMs: 30 });
    expect(at70s['5m'].overall.requests).toBe(15);
    expect(at70s['5m'].overall.observed).toMatchObject({ count: 15, minMs: 10, maxMs: 30 });
    expect(at70s['1m'].spanSeconds).toBe(60);
    expect(at70s['1m'].overall.rps).toBeCloseTo(5 / 60, 3);
    // The 5 minutes started 70 s ago: rps is over what was observed, not over 300 s.
    expect(at70s['5m'].spanSeconds).toBe(70);
    expect(at70s['5m'].overall.rps).toBeCloseTo(15 / 70, 3);

    const later = summary.read(START + 500_000);
    expect(later['5m'].overall.requests).toBe(0);
    expect(later['5m'].endpoints).toEqual([]);
  });

  it('folds 10-second slices leaving the minute into the 5-minute window, counting each request once', () => {
    const summary = createMetricsSummary(START);
    // One request every 10 s for 200 s, taking 1, 2, … 20 ms.
    for (let k = 0; k < 20; k++) summary.record(exchange(START + 5_000 + k * 10_000, 'a', 200, k + 1));
    const read = summary.read(START + 200_000);
    expect(read['5m'].overall.requests).toBe(20);
    expect(read['5m'].overall.observed).toMatchObject({ count: 20, minMs: 1, maxMs: 20 });
    expect(read['1m'].overall.requests).toBe(6);
    expect(read['1m'].overall.observed).toMatchObject({ count: 6, minMs: 15, maxMs: 20 });
  });

  it('reuses a slot once its slice has passed, forgetting what it held', () => {
    const summary = createMetricsSummary(START);
    summary.record(exchange(START + 1_000, 'a', 200, 5));
    // 6 minutes later the same slots (7 × 10 s, 6 × 1 min) come round again.
    summary.record(exchange(START + 361_000, 'a', 500, 7));
    const read = summary.read(START + 362_000);
    expect(read['5m'].overall).toMatchObject({ requests: 1, errors: 1, statuses: { '500': 1 } });
    expect(read['5m'].overall.observed).toMatchObject({ minMs: 7, maxMs: 7 });
  });

  it('keeps intended and observed apart, counts errors and statuses, and leaves abandoned requests out of the latencies', () => {
    const summary = createMetricsSummary(START);
    for (let i = 1; i <= 100; i++) summary.record(exchange(START + 1_000, 'a', 200, 20 + i / 10, 20));
    summary.record(exchange(START + 1_000, 'a', 503, 1, 20));
    summary.record(exchange(START + 1_000, 'a', 200, 5_000, 20, true));
    summary.record(exchange(START + 1_000, undefined, 404, 0.5));

    const read = summary.read(START + 2_000)['1m'];
    const a = read.endpoints.find((stats) => stats.endpoint === 'a')!;
    expect(a).toMatchObject({ requests: 102, errors: 2, statuses: { '200': 101, '503': 1 } });
    expect(a.errorRate).toBeCloseTo(2 / 102, 4);
    expect(a.intended).toMatchObject({ count: 102, minMs: 20, maxMs: 20 });
    expect(a.observed!.count).toBe(101);
    expect(a.observed!.maxMs).toBe(30);
    expect(a.observed!.p50Ms).toBeGreaterThanOrEqual(24.9);
    expect(a.observed!.p50Ms).toBeLessThanOrEqual(25.3);
    const unmatched = read.endpoints.find((stats) => stats.endpoint === '(unmatched)')!;
    expect(unmatched).toMatchObject({ requests: 1, statuses: { '404': 1 } });
    expect(unmatched.intended).toBeUndefined();
    expect(read.overall).toMatchObject({ requests: 103, errors: 2 });
    expect(read.overall.observed!.count).toBe(102);
  });

  it('sums endpoints beyond the 100th under (other), so memory stays bounded', () => {
    const summary = createMetricsSummary(START);
    for (let i = 0; i < 150; i++) summary.record(exchange(START + 1_000, `e${i}`, 200, 1));
    const endpoints = summary.read(START + 2_000)['1m'].endpoints;
    expect(endpoints).toHaveLength(101);
    expect(endpoints.find((stats) => stats.endpoint === '(other)')?.requests).toBe(50);
  });
});

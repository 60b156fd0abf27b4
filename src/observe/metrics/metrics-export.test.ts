import { describe, expect, it } from 'vitest';
import type { CurrentRate } from '../../contract/index.js';
import type { JournalExchange } from '../journal/index.js';
import { exportMetrics, mergeMetricsExports, snapshotOfExports, type MetricsExport } from './metrics-export.js';
import { createMetricsSummary } from './metrics-summary.js';

const START = 1_700_000_000_000 - (1_700_000_000_000 % 10_000);
const NOW = START + 30_000;
const current: CurrentRate = { seconds: 5, rps: 0, errors: 0, rateLimited: 0, endpoints: [] };

function exchange(endpointId: string, status: number, completeMs: number): JournalExchange {
  return {
    arrivedAtMs: START + 1_000,
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
    applied: { endpointId, delayMs: completeMs / 2 },
    abandoned: false,
    identity: undefined,
  };
}

/** A seeded PRNG (mulberry32): the same latencies every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('metrics exports', () => {
  it('merge into the same percentiles as one process that saw every request (not their average)', () => {
    const all = createMetricsSummary(START);
    const parts = [createMetricsSummary(START), createMetricsSummary(START), createMetricsSummary(START)];
    const next = random(7);
    // Three processes with very different latencies: averaging their p99s would be far off.
    const scale = [1, 10, 100];
    for (let i = 0; i < 3_000; i++) {
      const part = i % 3;
      const ms = scale[part]! * (1 + 4 * next());
      const seen = exchange(i % 7 === 0 ? 'b' : 'a', i % 50 === 0 ? 503 : 200, ms);
      all.record(seen);
      parts[part]!.record(seen);
    }
    const exports = parts.map((summary) => exportMetrics(summary.collect(NOW), { generatedAt: '', current, warnings: [] }));
    const merged = snapshotOfExports(JSON.parse(JSON.stringify(exports)) as MetricsExport[]);
    expect(merged.windows['1m'].overall).toEqual(all.read(NOW)['1m'].overall);
    expect(merged.windows['1m'].endpoints).toEqual(all.read(NOW)['1m'].endpoints);
    expect(merged.windows['5m'].overall.observed!.p99Ms).toBeGreaterThan(400);
    // Merging exports (a workers' primary publishing to Redis) and then summarizing changes nothing.
    expect(snapshotOfExports([mergeMetricsExports(exports)]).windows).toEqual(merged.windows);
  });

  it('leaves out what is not well formed, without adding part of it', () => {
    const summary = createMetricsSummary(START);
    for (let i = 1; i <= 100; i++) summary.record(exchange('a', 200, i));
    const good = exportMetrics(summary.collect(NOW), { generatedAt: '', current, warnings: [] });
    const sums = good.windows['1m'].endpoints[0]!;
    const hostile = [
      { ...sums, answered: { buckets: [1e9, 1], minMicros: 1, maxMicros: 1 } },
      { ...sums, answered: { buckets: [1, -5], minMicros: 1, maxMicros: 1 } },
      { ...sums, answered: { ...sums.answered!, maxMicros: 3 } },
      { ...sums, requests: -1 },
      { ...sums, statuses: { '<script>': 1 } },
      { ...sums, outcomes: [1, 2] },
    ];
    for (const bad of hostile) {
      const part = { ...good, windows: { '1m': { ...good.windows['1m'], endpoints: [bad] }, '5m': good.windows['5m'] } } as MetricsExport;
      expect(snapshotOfExports([part]).windows['1m'].endpoints).toEqual([]);
    }
    expect(snapshotOfExports([good]).windows['1m'].overall).toEqual(summary.read(NOW)['1m'].overall);
  });
});

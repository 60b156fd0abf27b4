import { afterEach, describe, expect, it } from 'vitest';
import { startWithAdmin, type AdminHarness } from '../admin/admin-harness.js';

const CONFIG = `version: 2
endpoints:
  - { id: slow, method: GET, path: /slow, latency: { fixed: 20ms }, response: { body: ok } }
  - { id: flaky, method: GET, path: /flaky, errors: [ { rate: 1, status: 503 } ], response: { body: ok } }
`;

interface Percentiles {
  count: number;
  minMs: number;
  avgMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}
interface Stats {
  endpoint?: string;
  requests: number;
  rps: number;
  errors: number;
  errorRate: number;
  statuses: Record<string, number>;
  observed?: Percentiles;
  intended?: Percentiles;
}
interface Snapshot {
  generatedAt: string;
  windows: Record<'1m' | '5m', { spanSeconds: number; slideSeconds: number; overall: Stats; endpoints: Stats[] }>;
  process?: { cpuPercent: number; elu: number };
  warnings: unknown[];
}

let mimicus: AdminHarness | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const within = (value: number, target: number, tolerance: number) => Math.abs(value - target) <= tolerance;

describe('GET /api/metrics', () => {
  it('summarizes each endpoint and all of them over 1 and 5 minutes: rps, errors, statuses, intended vs observed latency', async () => {
    mimicus = await startWithAdmin(CONFIG);
    for (let i = 0; i < 10; i++) await (await fetch(`${mimicus.url}/slow`)).text();
    for (let i = 0; i < 5; i++) await (await fetch(`${mimicus.url}/flaky`)).text();
    await (await fetch(`${mimicus.url}/nowhere`)).text();

    const response = await mimicus.api('/api/metrics');
    expect(response.status).toBe(200);
    const snapshot = (await response.json()) as Snapshot;
    expect(snapshot.windows['1m'].slideSeconds).toBe(10);
    expect(snapshot.windows['5m'].slideSeconds).toBe(60);
    expect(snapshot.warnings).toEqual([]);
    expect(snapshot.process).toMatchObject({ cpuPercent: expect.any(Number), elu: expect.any(Number) });
    for (const name of ['1m', '5m'] as const) {
      const window = snapshot.windows[name];
      expect(window.overall).toMatchObject({ requests: 16, errors: 5, statuses: { '200': 10, '404': 1, '503': 5 } });
      expect(window.overall.errorRate).toBeCloseTo(5 / 16, 3);
      expect(window.overall.rps).toBeGreaterThan(0);
      expect(window.endpoints.map((stats) => stats.endpoint)).toEqual(['slow', 'flaky', '(unmatched)']);
    }
    const slow = snapshot.windows['1m'].endpoints[0]!;
    expect(slow).toMatchObject({ requests: 10, errors: 0, errorRate: 0, statuses: { '200': 10 } });
    // Intended: the sampled delay, exactly 20 ms (HDR keeps 1%); observed: arrival to last byte.
    expect(slow.intended!.count).toBe(10);
    for (const key of ['minMs', 'p50Ms', 'p99Ms', 'maxMs'] as const) expect(within(slow.intended![key], 20, 0.2), `${key} ${slow.intended![key]}`).toBe(true);
    expect(slow.observed!.count).toBe(10);
    // The engine may answer up to 0.5 ms early (EARLY_TOLERANCE_MS in src/engine/behaviors/wait-out-delay.ts), never more.
    expect(slow.observed!.minMs).toBeGreaterThanOrEqual(19.5);
    expect(slow.observed!.p50Ms).toBeGreaterThanOrEqual(19.5);
    expect(slow.observed!.maxMs).toBeGreaterThanOrEqual(slow.observed!.p99Ms);
    const flaky = snapshot.windows['1m'].endpoints[1]!;
    expect(flaky).toMatchObject({ requests: 5, errors: 5, errorRate: 1, statuses: { '503': 5 } });
    expect(flaky.intended!.p99Ms).toBe(0);
  });

  it('is described in /api/openapi.json', async () => {
    mimicus = await startWithAdmin(CONFIG);
    const openapi = (await (await mimicus.api('/api/openapi.json')).json()) as { paths: Record<string, { get?: { responses?: Record<string, unknown> } }> };
    expect(openapi.paths['/api/metrics']?.get?.responses?.['200']).toBeDefined();
    expect(openapi.paths['/metrics']?.get).toBeDefined();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import type { MetricsSnapshot } from '../../src/contract/index.js';
import { createMimicus, type Mimicus } from '../../src/index.js';
import { startBackend, type Backend } from '../proxy/backends.js';
import { whileAdvancing } from '../support/while-advancing.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let mimicus: Mimicus | undefined;
const backends: Backend[] = [];
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
});

/** A Mimicus on the ManualClock with its admin API, from a config object (no files written). */
async function start(config: object, clock: ManualClock): Promise<Mimicus> {
  mimicus = await createMimicus(
    { version: 2, journal: false, observability: { cpuWarnings: false }, ...config },
    { dataDir: false, admin: { port: 0, host: '127.0.0.1' }, clock },
  );
  await mimicus.listen(0, '127.0.0.1');
  return mimicus;
}

const snapshot = async (m: Mimicus) => (await (await fetch(`${m.adminUrl}/api/metrics`)).json()) as MetricsSnapshot;
const prometheus = async (m: Mimicus) => (await fetch(`${m.adminUrl}/metrics`)).text();
const sloRow = (s: MetricsSnapshot, kind: string, objective: string) => s.slos?.find((row) => row.kind === kind && row.objective === objective);

async function hit(m: Mimicus, path: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) {
    const res = await fetch(`${m.url}${path}`);
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}

describe('SLOs in /api/metrics and Prometheus', () => {
  // ManualClock.advance runs every housekeeping timer due over 30 days: seconds of CPU on a loaded machine.
  it('an endpoint SLO reads SLI, budget and burn rates over 30 days on the Clock, and keeps its history across a reload', { timeout: 60_000 }, async () => {
    const clock = new ManualClock();
    const config = {
      endpoints: [
        {
          id: 'orders',
          path: '/orders',
          // Every tenth answer is a 503: 10% bad against a 20% budget.
          sequence: { after: 'cycle', key: 'all', responses: [...Array.from({ length: 9 }, () => ({ status: 200, body: 'ok' })), { status: 503 }] },
          slo: { availability: '80%', window: '30d' },
        },
        { id: 'other', path: '/other', response: { status: 500 } },
      ],
    };
    const m = await start(config, clock);
    expect((await snapshot(m)).slos).toEqual([
      expect.objectContaining({ kind: 'endpoint', id: 'orders', objective: 'availability', target: 0.8, requests: 0, errorBudgetRemaining: 1 }),
    ]);
    expect((await hit(m, '/orders', 20)).filter((s) => s === 503)).toHaveLength(2);
    await hit(m, '/other', 5);
    expect(sloRow(await snapshot(m), 'endpoint', 'availability')).toMatchObject({
      requests: 20,
      bad: 2,
      sli: 0.9,
      errorBudgetRemaining: 0.5,
      burnRate: { '1h': 0.5, '6h': 0.5 },
    });
    const text = await prometheus(m);
    expect(text).toContain('mimicus_slo_requests_total{kind="endpoint",id="orders",objective="availability"} 20');
    expect(text).toContain('mimicus_slo_errors_total{kind="endpoint",id="orders",objective="availability"} 2');
    expect(text).toContain('mimicus_slo_objective_ratio{kind="endpoint",id="orders",objective="availability"} 0.8');
    expect(text).toContain('mimicus_slo_error_budget_remaining_ratio{kind="endpoint",id="orders",objective="availability"} 0.5');
    expect(text).toContain('mimicus_slo_burn_rate{kind="endpoint",id="orders",objective="availability",window="6h"} 0.5');

    // Two hours on, the last hour is quiet; the 6 h window still holds the burst.
    clock.advance(2 * HOUR);
    expect(sloRow(await snapshot(m), 'endpoint', 'availability')!.burnRate).toEqual({ '1h': 0, '6h': 0.5 });
    // A reload with a tighter target keeps the counts: only the budget is read against the new target.
    await m.reload({
      version: 2,
      journal: false,
      observability: { cpuWarnings: false },
      ...config,
      endpoints: [{ ...config.endpoints[0], slo: { availability: 75 } }, config.endpoints[1]],
    });
    expect(sloRow(await snapshot(m), 'endpoint', 'availability')).toMatchObject({ target: 0.75, requests: 20, bad: 2, errorBudgetRemaining: 0.6 });
    // 29 days later, 20 more (2 bad): both batches count; 31 days after the first, only the second.
    clock.advance(29 * DAY);
    await hit(m, '/orders', 20);
    expect(sloRow(await snapshot(m), 'endpoint', 'availability')).toMatchObject({ requests: 40, bad: 4 });
    clock.advance(2 * DAY - 2 * HOUR);
    expect(sloRow(await snapshot(m), 'endpoint', 'availability')).toMatchObject({ requests: 20, bad: 2, burnRate: { '1h': 0, '6h': 0 } });
    // The counters only grow: Prometheus computes long windows and alerts from them.
    expect(await prometheus(m)).toContain('mimicus_slo_requests_total{kind="endpoint",id="orders",objective="availability"} 40');
  });

  it('counts a request slower than the latency threshold as bad (latency waited on the Clock)', async () => {
    const clock = new ManualClock();
    const m = await start(
      {
        endpoints: [{ id: 'slow', path: '/slow', latency: { fixed: '400ms' }, response: { status: 200 }, slo: { latency: { p99: '300ms', p50: '500ms' } } }],
      },
      clock,
    );
    for (let i = 0; i < 3; i++) await whileAdvancing(clock, hit(m, '/slow', 1));
    const s = await snapshot(m);
    expect(s.slos!.map((row) => row.objective)).toEqual(['latency-p50', 'latency-p99']);
    expect(sloRow(s, 'endpoint', 'latency-p99')).toMatchObject({ thresholdMs: 300, requests: 3, bad: 3, sli: 0 });
    expect(sloRow(s, 'endpoint', 'latency-p50')).toMatchObject({ thresholdMs: 500, requests: 3, bad: 0, sli: 1 });
  });

  it('a fallback is good for the endpoint SLO and bad for the upstream SLO', async () => {
    const backend = await startBackend((_req, res) => res.writeHead(503, { 'content-length': '4' }).end('down'));
    backends.push(backend);
    const clock = new ManualClock();
    const m = await start(
      {
        upstreams: [{ id: 'orders-backend', targets: [{ url: backend.url }], slo: { availability: '99.9%', latency: { p99: '1s' } } }],
        endpoints: [
          {
            id: 'orders',
            path: '/orders',
            proxy: { upstream: 'orders-backend' },
            fallback: { status: 200, json: { orders: [] } },
            slo: { availability: '99.9%' },
          },
        ],
      },
      clock,
    );
    const res = await fetch(`${m.url}/orders`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-mimicus-fallback')).toBe('upstream-503');
    await res.arrayBuffer();
    const s = await snapshot(m);
    expect(sloRow(s, 'endpoint', 'availability')).toMatchObject({ id: 'orders', requests: 1, bad: 0 });
    expect(sloRow(s, 'upstream', 'availability')).toMatchObject({ id: 'orders-backend', requests: 1, bad: 1, burnRate: { '1h': 1000 } });
    // No backend answer was used: no answer within 1 s either.
    expect(sloRow(s, 'upstream', 'latency-p99')).toMatchObject({ requests: 1, bad: 1 });
  });

  it('exports no SLO series and no slos field when none is configured', async () => {
    const m = await start({ endpoints: [{ id: 'a', path: '/a', response: { status: 200 } }] }, new ManualClock());
    await hit(m, '/a', 2);
    expect((await snapshot(m)).slos).toBeUndefined();
    expect(await prometheus(m)).not.toMatch(/^mimicus_slo_[a-z_]+\{/m);
  });
});

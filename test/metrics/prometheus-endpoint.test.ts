import { Agent, get } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { expectProblem, startWithAdmin, type AdminHarness } from '../admin/admin-harness.js';
import { writeTempFiles } from '../support/start-mimicus.js';
import { parsePrometheusText, valueOf, type Sample } from './prometheus-text.js';
import { EARLY_TOLERANCE_MS } from '../../src/engine/behaviors/wait-out-delay.js';

const CONFIG = `version: 2
endpoints:
  - { id: slow, method: GET, path: /slow, latency: { fixed: 20ms }, response: { body: ok } }
  - { id: flaky, method: GET, path: /flaky, errors: [ { rate: 1, status: 503 } ], response: { body: ok } }
  - { id: limited, method: GET, path: /limited, rateLimit: { rate: 1/m, burst: 1 }, response: { body: ok } }
`;

const READ_KEY = 'read-key-0123456789abcdef';

const started: AdminHarness[] = [];
afterEach(async () => {
  for (const mimicus of started.splice(0)) await mimicus.close();
});

async function start(yaml: string): Promise<AdminHarness> {
  const mimicus = await startWithAdmin(yaml);
  started.push(mimicus);
  return mimicus;
}

async function hit(mimicus: AdminHarness, path: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await (await fetch(`${mimicus.url}${path}`)).arrayBuffer();
}

async function scrape(mimicus: AdminHarness, key?: string): Promise<Sample[]> {
  const response = await mimicus.api('/metrics', key ? { key } : {});
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}

describe('GET /metrics', () => {
  it('counts requests per endpoint, method and status, with faults, rate limits and unmatched requests aggregated', async () => {
    const mimicus = await start(CONFIG);
    await hit(mimicus, '/slow', 5);
    await hit(mimicus, '/flaky', 4);
    await hit(mimicus, '/limited', 3);
    for (let i = 0; i < 3; i++) await hit(mimicus, `/nowhere/${i}`, 1);

    const samples = await scrape(mimicus);
    expect(valueOf(samples, 'mimicus_requests_total', { endpoint: 'slow', method: 'GET', status: '200' })).toBe(5);
    expect(valueOf(samples, 'mimicus_requests_total', { endpoint: 'flaky', method: 'GET', status: '503' })).toBe(4);
    expect(valueOf(samples, 'mimicus_requests_total', { endpoint: 'limited', method: 'GET', status: '200' })).toBe(1);
    expect(valueOf(samples, 'mimicus_requests_total', { endpoint: 'limited', method: 'GET', status: '429' })).toBe(2);
    expect(valueOf(samples, 'mimicus_faults_total', { endpoint: 'flaky', kind: 'status' })).toBe(4);
    expect(valueOf(samples, 'mimicus_rate_limited_total', { bucket: 'endpoint:limited' })).toBe(2);
    expect(valueOf(samples, 'mimicus_unmatched_total')).toBe(3);
    expect(valueOf(samples, 'mimicus_requests_total', { endpoint: '(unmatched)', method: 'GET', status: '404' })).toBe(3);
    // Bounded labels: no path of an unmatched request becomes a label value.
    expect(samples.filter((sample) => Object.values(sample.labels).some((value) => value.includes('nowhere')))).toEqual([]);
  });

  it('keeps histograms of the observed duration and the injected delay per endpoint', async () => {
    const mimicus = await start(CONFIG);
    await hit(mimicus, '/slow', 5);
    const samples = await scrape(mimicus);
    const bucket = (name: string, le: string) => valueOf(samples, `${name}_bucket`, { endpoint: 'slow', le });
    // A fixed 20 ms delay: nothing at or under 10 ms, everything by 25 ms (the injected delay) or 1 s (observed).
    expect(bucket('mimicus_injected_delay_seconds', '0.01')).toBe(0);
    expect(bucket('mimicus_injected_delay_seconds', '0.025')).toBe(5);
    expect(valueOf(samples, 'mimicus_injected_delay_seconds_sum', { endpoint: 'slow' })).toBeCloseTo(0.1, 6);
    expect(bucket('mimicus_request_duration_seconds', '0.01')).toBe(0);
    expect(bucket('mimicus_request_duration_seconds', '1')).toBe(5);
    expect(bucket('mimicus_request_duration_seconds', '+Inf')).toBe(5);
    expect(valueOf(samples, 'mimicus_request_duration_seconds_count', { endpoint: 'slow' })).toBe(5);
    // Each answer may leave up to EARLY_TOLERANCE_MS (0.5 ms) before its 20 ms delay, never earlier
    // (src/engine/behaviors/wait-out-delay.ts): a run saw 0.09967 s for the five.
    expect(valueOf(samples, 'mimicus_request_duration_seconds_sum', { endpoint: 'slow' })).toBeGreaterThanOrEqual(0.1 - 5 * (EARLY_TOLERANCE_MS / 1000));
  });

  it('exports process, event-loop and connection metrics', async () => {
    const mimicus = await start(CONFIG);
    const agent = new Agent({ keepAlive: true, maxSockets: 2 });
    await new Promise<void>((resolve, reject) =>
      get(`${mimicus.url}/flaky`, { agent }, (response) => {
        response.resume();
        response.on('end', resolve);
      }).on('error', reject),
    );
    const samples = await scrape(mimicus);
    expect(valueOf(samples, 'mimicus_active_connections')).toBeGreaterThanOrEqual(1);
    agent.destroy();
    await expect.poll(async () => valueOf(await scrape(mimicus), 'mimicus_active_connections'), { timeout: 2000 }).toBe(0);
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'mimicus_event_loop_utilization',
      'mimicus_cpu_percent',
    ]) {
      expect(valueOf(samples, name), name).toBeTypeOf('number');
    }
  });

  it('counts config changes applied and rejected', async () => {
    const mimicus = await start(CONFIG);
    expect(valueOf(await scrape(mimicus), 'mimicus_config_reloads_total', { result: 'applied' })).toBe(0);
    const config = (await (await mimicus.api('/api/config')).json()) as Record<string, unknown>;
    // The same config again changes nothing and counts nothing; a changed one counts.
    expect((await mimicus.api('/api/config', { method: 'PUT', json: config })).headers.get('x-mimicus-config-change')).toBe('unchanged');
    expect((await mimicus.api('/api/config', { method: 'PUT', json: { ...config, server: { seed: 5 } } })).status).toBe(200);
    expect((await mimicus.api('/api/config', { method: 'PUT', json: { ...config, endpoints: [{ id: 'x' }] } })).status).toBe(400);
    await expect(mimicus.reload({ version: 2, endpoints: [{ id: 'x' }] })).rejects.toThrow();
    const samples = await scrape(mimicus);
    expect(valueOf(samples, 'mimicus_config_reloads_total', { result: 'applied' })).toBe(1);
    expect(valueOf(samples, 'mimicus_config_reloads_total', { result: 'rejected' })).toBe(2);
    expect(valueOf(samples, 'mimicus_journal_dropped_total')).toBe(0);
  });

  it('counts the requests the journal did not persist (over journal.persistPerSecond)', async () => {
    const mimicus = await startWithAdmin(`${CONFIG}journal: { persistPerSecond: 2 }\n`, { dataDir: writeTempFiles({}) });
    started.push(mimicus);
    // At most 2 a second are persisted: of 6 quick requests some are kept in the ring only, however a second boundary splits them.
    await hit(mimicus, '/flaky', 6);
    const dropped = valueOf(await scrape(mimicus), 'mimicus_journal_dropped_total');
    expect(dropped).toBe(((await (await mimicus.api('/api/requests')).json()) as { dropped: number }).dropped);
    expect(dropped).toBeGreaterThan(0);
  });

  it('keeps each Mimicus in one process apart (its own registry)', async () => {
    const first = await start(CONFIG);
    const second = await start(CONFIG);
    await hit(first, '/flaky', 2);
    await hit(second, '/flaky', 1);
    expect(valueOf(await scrape(first), 'mimicus_requests_total', { endpoint: 'flaky' })).toBe(2);
    expect(valueOf(await scrape(second), 'mimicus_requests_total', { endpoint: 'flaky' })).toBe(1);
  });

  it('answers 404 METRICS_DISABLED on both routes with metrics: false, and records nothing', async () => {
    const mimicus = await start(`${CONFIG}observability: { metrics: false }\n`);
    await hit(mimicus, '/flaky', 1);
    await expectProblem(await mimicus.api('/metrics'), 404, 'METRICS_DISABLED');
    await expectProblem(await mimicus.api('/api/metrics'), 404, 'METRICS_DISABLED');
  });

  it('needs an API key when keys are configured; a read key suffices', async () => {
    const mimicus = await start(`${CONFIG}admin:\n  apiKeys:\n    - { name: viewer, key: ${READ_KEY}, role: read }\n`);
    await expectProblem(await mimicus.api('/metrics'), 401, 'ADMIN_UNAUTHORIZED');
    await expectProblem(await mimicus.api('/api/metrics'), 401, 'ADMIN_UNAUTHORIZED');
    expect(valueOf(await scrape(mimicus, READ_KEY), 'mimicus_unmatched_total')).toBe(0);
    expect((await mimicus.api('/api/metrics', { key: READ_KEY })).status).toBe(200);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, startWorkers, until, workerPids, type Workers } from '../support/serve-workers.js';

const CONFIG = `version: 2
endpoints:
  - id: hello
    method: GET
    path: /hello
    response: { status: 200, body: 'first' }
  - id: order
    method: POST
    path: /orders
    response: { status: 201, template: true, body: '{{sequence "orders" scope="global"}}' }
  - id: limited
    method: GET
    path: /limited
    rateLimit: { rate: 1/m, burst: 50 }
    response: { status: 200, body: 'ok' }
  - id: slow
    method: GET
    path: /slow
    latency: { fixed: 1500ms }
    response: { status: 200, body: 'slow' }
`;

describe('mimicus serve --workers 2', () => {
  let cluster: Workers;
  const dir = mkdtempSync(join(tmpdir(), 'mimicus-workers-'));

  beforeAll(async () => {
    cluster = await startWorkers(dir, CONFIG);
  }, 60_000);

  afterAll(async () => {
    console.log(cluster.output());
    if (cluster.child.exitCode === null) {
      cluster.child.kill('SIGKILL');
      await cluster.exited;
    }
  });

  it('gives 1,000 concurrent sequence calls 1,000 distinct values, served by both workers', async () => {
    const values = await Promise.all(Array.from({ length: 1000 }, () => get(`${cluster.url}/orders`, { method: 'POST' }).then((r) => r.text())));
    expect(new Set(values).size).toBe(1000);
    expect(values.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    // The journal, read from the primary, has entries of both workers (ids are `slot-n`).
    const page = (await (await fetch(`${cluster.adminUrl}/api/requests?endpoint=order&limit=1000`)).json()) as { items: { id: string }[] };
    const slots = new Set(page.items.map((entry) => entry.id.split('-')[0]));
    expect(slots).toEqual(new Set(['1', '2']));
    const count = (await (
      await fetch(`${cluster.adminUrl}/api/requests/count`, { method: 'POST', body: '{"endpoint":"order"}', headers: { 'content-type': 'application/json' } })
    ).json()) as {
      count: number;
    };
    expect(count.count).toBe(1000);
  }, 60_000);

  it('keeps one rate limit across workers: exactly the burst is admitted', async () => {
    const statuses = await Promise.all(Array.from({ length: 300 }, () => get(`${cluster.url}/limited`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(statuses.filter((s) => s === 429)).toHaveLength(250);
  }, 60_000);

  it('merges the workers metrics on the primary', async () => {
    const text = await (await fetch(`${cluster.adminUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('mimicus_requests_total{') && l.includes('endpoint="limited"') && l.includes('status="429"'));
    expect(line?.endsWith(' 250')).toBe(true);
    const summary = (await (await fetch(`${cluster.adminUrl}/api/metrics`)).json()) as {
      windows: { '1m': { endpoints: { endpoint: string; requests: number }[] } };
    };
    expect(summary.windows['1m'].endpoints.find((e) => e.endpoint === 'order')?.requests).toBe(1000);
  }, 30_000);

  it('applies an admin API change on every worker before answering, and a replacement worker starts on it', async () => {
    const current = (await (await fetch(`${cluster.adminUrl}/api/config`)).json()) as { endpoints: { id: string; response?: { body?: string } }[] };
    current.endpoints.find((e) => e.id === 'hello')!.response!.body = 'second';
    const put = await fetch(`${cluster.adminUrl}/api/config`, {
      method: 'PUT',
      body: JSON.stringify(current),
      headers: { 'content-type': 'application/json' },
    });
    expect(put.status).toBe(200);
    const bodies = await Promise.all(Array.from({ length: 100 }, () => get(`${cluster.url}/hello`).then((r) => r.text())));
    expect(new Set(bodies)).toEqual(new Set(['second']));

    // A worker dies: it is replaced, with a log line, and the replacement serves the changed config.
    const [victim] = workerPids(cluster.child.pid!);
    process.kill(victim!, 'SIGKILL');
    await until(() => /worker (\d) \(pid \d+\) exited with signal SIGKILL; starting a new one/.test(cluster.output()));
    const slot = /worker (\d) \(pid \d+\) exited with signal SIGKILL/.exec(cluster.output())![1];
    // The replacement says it listens (at debug level) once it serves the config it was given.
    await until(() => cluster.output().split(`"msg":"worker ${slot} listening"`).length === 3);
    const after = await Promise.all(Array.from({ length: 100 }, () => get(`${cluster.url}/hello`).then((r) => r.text())));
    expect(new Set(after)).toEqual(new Set(['second']));
  }, 60_000);

  it('drains every worker on SIGTERM: a request in flight is answered, then all exit', async () => {
    const pids = workerPids(cluster.child.pid!);
    const slow = get(`${cluster.url}/slow`).then((r) => r.text());
    await new Promise((resolve) => setTimeout(resolve, 300));
    cluster.child.kill('SIGTERM');
    expect(await slow).toBe('slow');
    expect(await cluster.exited).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  }, 60_000);
});

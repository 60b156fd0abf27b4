import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { UpstreamList, UpstreamStatus } from '../../src/contract/index.js';
import { expectProblem, startWithAdmin, type AdminHarness } from '../admin/admin-harness.js';
import { closedPort, startBackend, startNamedBackends, type Backend } from './backends.js';

let mimicus: AdminHarness | undefined;
const backends: Backend[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await mimicus?.close();
  mimicus = undefined;
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
});

/** Backends that answer their own name, closed after each test. */
async function named(...names: string[]): Promise<Backend[]> {
  const started = await startNamedBackends(...names);
  backends.push(...started);
  return started;
}

const yaml = (upstream: string, extra = '') => `version: 2
upstreams:
${upstream}
endpoints:
  - { id: p, path: /api/**, proxy: { upstream: u } }
  - { id: mock, path: /mock, response: { status: 201, body: mocked } }
${extra}`;

const hit = async (url: string) => (await fetch(url)).text();

describe('per-upstream observability', () => {
  it('journals upstream, target, status and upstream time of a proxied request', async () => {
    const [a] = await named('a');
    mimicus = await startWithAdmin(yaml(`  - { id: u, targets: [{ url: "${a!.url}" }] }`));
    expect(await hit(`${mimicus.url}/api/x`)).toBe('a');
    const { entries } = await mimicus.journal.list({});
    const entry = (await mimicus.journal.get(entries[0]!.id))!;
    expect(entry.applied.upstream).toMatchObject({ upstream: 'u', target: a!.url, status: 200, outcome: 'complete' });
    expect(entry.applied.upstream!.upstreamMs).toBeGreaterThanOrEqual(0);
  });

  it('exports requests by outcome, duration, in-flight, health and ejections per upstream and target', async () => {
    const [a] = await named('a');
    const dead = `http://127.0.0.1:${await closedPort()}`;
    mimicus = await startWithAdmin(
      yaml(
        `  - { id: u, balance: round-robin, targets: [{ url: "${a!.url}" }, { url: "${dead}" }], health: { outlier: { consecutiveFailures: 1, maxEjectedPercent: 50 } } }`,
      ),
    );
    for (let i = 0; i < 4; i++) await fetch(`${mimicus.url}/api/x`);
    const text = await (await mimicus.api('/metrics')).text();
    expect(text).toMatch(new RegExp(`mimicus_upstream_requests_total\\{upstream="u",target="${a!.url}",outcome="complete"\\} 3`));
    expect(text).toMatch(new RegExp(`mimicus_upstream_requests_total\\{upstream="u",target="${dead}",outcome="failed"\\} 1`));
    expect(text).toMatch(new RegExp(`mimicus_upstream_duration_seconds_count\\{upstream="u",target="${a!.url}"\\} 3`));
    expect(text).toMatch(new RegExp(`mimicus_upstream_target_up\\{upstream="u",target="${dead}"\\} 0`));
    expect(text).toMatch(new RegExp(`mimicus_upstream_target_up\\{upstream="u",target="${a!.url}"\\} 1`));
    expect(text).toMatch(/mimicus_upstream_healthy_targets\{upstream="u"\} 1/);
    expect(text).toMatch(new RegExp(`mimicus_upstream_ejections_total\\{upstream="u",target="${dead}"\\} 1`));
    expect(text).toMatch(new RegExp(`mimicus_upstream_inflight\\{upstream="u",target="${a!.url}"\\} 0`));
  });

  it('propagates the request trace to the backend in traceparent', async () => {
    const [a] = await named('a');
    mimicus = await startWithAdmin(
      yaml(`  - { id: u, targets: [{ url: "${a!.url}" }] }`, 'observability: { tracing: { otlpEndpoint: "http://127.0.0.1:9/v1/traces" } }\n'),
    );
    const incoming = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await fetch(`${mimicus.url}/api/x`, { headers: { traceparent: incoming } });
    const sent = a!.seen[0]!.headers.traceparent as string;
    // Same trace, our server span as the parent: not the client's span id.
    expect(sent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(sent).not.toContain('b7ad6b7169203331');
  });

  it('passes the client traceparent on unchanged when tracing is off', async () => {
    const [a] = await named('a');
    mimicus = await startWithAdmin(yaml(`  - { id: u, targets: [{ url: "${a!.url}" }] }`));
    const incoming = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await fetch(`${mimicus.url}/api/x`, { headers: { traceparent: incoming } });
    expect(a!.seen[0]!.headers.traceparent).toBe(incoming);
  });
});

describe('/api/upstreams', () => {
  it('lists targets with health and counters, drains a target out of rotation and enables it again', async () => {
    const [a, b] = await named('a', 'b');
    mimicus = await startWithAdmin(yaml(`  - { id: u, balance: round-robin, targets: [{ url: "${a!.url}" }, { url: "${b!.url}" }] }`));
    const events = new WebSocket(`${mimicus.adminUrl.replace(/^http/, 'ws')}/api/events`);
    sockets.push(events);
    const received: { type: string; data: Record<string, unknown> }[] = [];
    events.on('message', (data) => received.push(JSON.parse(data.toString()) as { type: string; data: Record<string, unknown> }));
    await new Promise((resolve) => events.once('open', resolve));
    events.send(JSON.stringify({ subscribe: ['upstream'] }));

    await hit(`${mimicus.url}/api/x`);
    await hit(`${mimicus.url}/api/x`);
    const listed = (await (await mimicus.api('/api/upstreams')).json()) as UpstreamList;
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]!.targets.map((t) => [t.url, t.health, t.requests, t.outcomes.complete])).toEqual([
      [a!.url, 'healthy', 1, 1],
      [b!.url, 'healthy', 1, 1],
    ]);

    const drained = await mimicus.api('/api/upstreams/u/targets/1/drain', { method: 'POST' });
    expect(drained.status).toBe(200);
    expect(((await drained.json()) as UpstreamStatus).targets[1]).toMatchObject({ health: 'drained', available: false, drained: true });
    const order: string[] = [];
    for (let i = 0; i < 4; i++) order.push(await hit(`${mimicus.url}/api/x`));
    expect(order).toEqual(['a', 'a', 'a', 'a']);
    const deadline = Date.now() + 3000;
    while (!received.some((e) => e.type === 'upstream.health') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(received.find((e) => e.type === 'upstream.health')?.data).toMatchObject({
      upstream: 'u',
      target: b!.url,
      index: 1,
      health: 'drained',
      available: false,
    });

    expect((await mimicus.api('/api/upstreams/u/targets/1/enable', { method: 'POST' })).status).toBe(200);
    const after = new Set<string>();
    for (let i = 0; i < 4; i++) after.add(await hit(`${mimicus.url}/api/x`));
    expect(after).toEqual(new Set(['a', 'b']));
    expect(((await (await mimicus.api('/api/upstreams/u')).json()) as UpstreamStatus).targets[1]!.health).toBe('healthy');
  });

  it('answers coded problems for an unknown upstream or target, and refuses a hostile caller', async () => {
    const [a] = await named('a');
    mimicus = await startWithAdmin(yaml(`  - { id: u, targets: [{ url: "${a!.url}" }] }`));
    await expectProblem(await mimicus.api('/api/upstreams/nope'), 404, 'UPSTREAM_NOT_FOUND');
    await expectProblem(await mimicus.api('/api/upstreams/nope/targets/0/drain', { method: 'POST' }), 404, 'UPSTREAM_NOT_FOUND');
    await expectProblem(await mimicus.api('/api/upstreams/u/targets/7/drain', { method: 'POST' }), 404, 'UPSTREAM_TARGET_NOT_FOUND');
    await expectProblem(await mimicus.api('/api/upstreams/u/targets/-1/drain', { method: 'POST' }), 400, 'ADMIN_REQUEST_INVALID');
    // A page on another site may not drain targets (no CORS preflight for a bodiless POST).
    await expectProblem(
      await mimicus.api('/api/upstreams/u/targets/0/drain', { method: 'POST', headers: { origin: 'https://evil.example' } }),
      403,
      'ADMIN_CROSS_SITE_REFUSED',
    );
    await expectProblem(
      await mimicus.api('/api/endpoints/mock/test', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }),
      415,
      'ADMIN_MEDIA_TYPE_UNSUPPORTED',
    );
    const status = (await (await mimicus.api('/api/upstreams/u')).json()) as UpstreamStatus;
    expect(status.targets[0]!.drained).toBe(false);
  });
});

describe('POST /api/endpoints/{id}/test', () => {
  it('sends one request through a mock or a proxy endpoint and leaves it out of the metrics', async () => {
    const [a] = await named('a');
    mimicus = await startWithAdmin(yaml(`  - { id: u, targets: [{ url: "${a!.url}" }] }`));
    const mocked = await mimicus.api('/api/endpoints/mock/test', { method: 'POST', json: {} });
    expect(mocked.status).toBe(200);
    expect(await mocked.json()).toMatchObject({ endpoint: 'mock', request: { method: 'GET', path: '/mock' }, status: 201, body: 'mocked', bodyBytes: 6 });

    await expectProblem(await mimicus.api('/api/endpoints/p/test', { method: 'POST', json: {} }), 400, 'ADMIN_REQUEST_INVALID');
    const proxied = await mimicus.api('/api/endpoints/p/test', { method: 'POST', json: { path: '/api/thing', headers: { 'x-probe': '1' } } });
    expect(await proxied.json()).toMatchObject({ endpoint: 'p', status: 200, body: 'a' });
    expect(a!.seen[0]!.headers['x-probe']).toBe('1');

    const metrics = await (await mimicus.api('/metrics')).text();
    expect(metrics).not.toMatch(/mimicus_requests_total\{endpoint="mock"/);
    expect(metrics).not.toMatch(/mimicus_upstream_requests_total\{upstream="u"/);
    // A real request is counted as ever.
    await fetch(`${mimicus.url}/mock`);
    expect(await (await mimicus.api('/metrics')).text()).toMatch(/mimicus_requests_total\{endpoint="mock",method="GET",status="201"\} 1/);

    await expectProblem(await mimicus.api('/api/endpoints/nope/test', { method: 'POST', json: {} }), 404, 'ENDPOINT_NOT_FOUND');
    await expectProblem(await mimicus.api('/api/endpoints/mock/test', { method: 'POST', json: { path: 'no-slash' } }), 400, 'ADMIN_REQUEST_INVALID');
    await expectProblem(await mimicus.api('/api/endpoints/mock/test', { method: 'POST', json: { extra: 1 } }), 400, 'ADMIN_REQUEST_INVALID');
    // A hostile caller: a path naming another host stays a path here; framing headers are ours.
    const elsewhere = await mimicus.api('/api/endpoints/mock/test', {
      method: 'POST',
      json: { path: '//127.0.0.1:1/mock', headers: { 'Content-Length': '0', 'Transfer-Encoding': 'chunked', Host: 'evil.example' } },
    });
    expect(await elsewhere.json()).toMatchObject({ request: { path: '//127.0.0.1:1/mock' }, status: 404 });
  });

  it('reports a reset as what came back', async () => {
    mimicus = await startWithAdmin(`version: 2
endpoints:
  - { id: broken, path: /broken, errors: [{ rate: 1, kind: reset }], response: { body: "0123456789" } }
`);
    const result = (await (await mimicus.api('/api/endpoints/broken/test', { method: 'POST', json: {} })).json()) as Record<string, unknown>;
    expect(result).toMatchObject({ status: 200, body: '01234', error: 'ECONNRESET' });
  });
});

describe('pool.maxPending', () => {
  it('answers 503 UPSTREAM_QUEUE_FULL when every connection is busy and the queue is full', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = await startBackend((_req, res) => void held.then(() => res.writeHead(200, { 'content-length': '1' }).end('s')));
    backends.push(slow);
    mimicus = await startWithAdmin(yaml(`  - { id: u, targets: [{ url: "${slow.url}" }], pool: { connections: 1, maxPending: 1 } }`));
    const first = fetch(`${mimicus.url}/api/1`);
    const second = fetch(`${mimicus.url}/api/2`);
    const deadline = Date.now() + 3000;
    const inflight = async () => ((await (await mimicus!.api('/api/upstreams/u')).json()) as UpstreamStatus).inflight;
    while ((await inflight()) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const refused = await fetch(`${mimicus.url}/api/3`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('x-mimicus-error')).toBe('UPSTREAM_QUEUE_FULL');
    expect(((await (await mimicus.api('/api/upstreams/u')).json()) as UpstreamStatus).pending).toBe(1);
    release();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect((await fetch(`${mimicus.url}/api/4`)).status).toBe(200);
  });
});

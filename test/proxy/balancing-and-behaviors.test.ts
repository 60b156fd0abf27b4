import { afterEach, describe, expect, it } from 'vitest';
import { createMimicus, type Mimicus } from '../../src/index.js';
import { startBackend, startNamedBackends, type Backend } from './backends.js';

let mimicus: Mimicus | undefined;
const backends: Backend[] = [];
afterEach(async () => {
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

async function start(config: object): Promise<Mimicus> {
  const started = await createMimicus(config, { dataDir: false });
  await started.listen(0, '127.0.0.1');
  return started;
}

const hit = async (url: string, headers: Record<string, string> = {}) => (await fetch(url, { headers })).text();

describe('balancing through the data plane', () => {
  it('spreads requests by weight with smooth weighted round-robin (3:1)', async () => {
    const [a, b] = await named('a', 'b');
    mimicus = await start({
      version: 2,
      upstreams: [{ id: 'u', targets: [{ url: a!.url, weight: 3 }, { url: b!.url }] }],
      endpoints: [{ id: 'p', path: '/**', proxy: { upstream: 'u' } }],
    });
    const order: string[] = [];
    for (let i = 0; i < 8; i++) order.push(await hit(`${mimicus.url}/x`));
    expect(order.join('')).toBe('aabaaaba');
  });

  it('sends the same hash key to the same target (consistent-hash on a header)', async () => {
    const [a, b, c] = await named('a', 'b', 'c');
    mimicus = await start({
      version: 2,
      upstreams: [{ id: 'u', targets: [{ url: a!.url }, { url: b!.url }, { url: c!.url }], balance: { 'consistent-hash': { key: 'header:x-user' } } }],
      endpoints: [{ id: 'p', path: '/**', proxy: { upstream: 'u' } }],
    });
    const seen = new Map<string, Set<string>>();
    for (let round = 0; round < 3; round++) {
      for (let user = 0; user < 20; user++) {
        const got = await hit(`${mimicus.url}/x`, { 'x-user': `user-${user}` });
        seen.set(`user-${user}`, (seen.get(`user-${user}`) ?? new Set()).add(got));
      }
    }
    expect([...seen.values()].every((targets) => targets.size === 1)).toBe(true);
    expect(new Set([...seen.values()].map((targets) => [...targets][0])).size).toBeGreaterThan(1);
  });

  it('answers 503 UPSTREAM_NO_HEALTHY_TARGET when every target is ejected', async () => {
    const failing = await startBackend((_req, res) => res.writeHead(500, { 'content-length': '0' }).end());
    backends.push(failing);
    mimicus = await start({
      version: 2,
      upstreams: [{ id: 'u', targets: [{ url: failing.url }], health: { outlier: { consecutive5xx: 2, maxEjectedPercent: 100, panicThreshold: 0 } } }],
      endpoints: [{ id: 'p', path: '/**', proxy: { upstream: 'u' } }],
    });
    expect((await fetch(`${mimicus.url}/x`)).status).toBe(500);
    expect((await fetch(`${mimicus.url}/x`)).status).toBe(500);
    const refused = await fetch(`${mimicus.url}/x`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('x-mimicus-error')).toBe('UPSTREAM_NO_HEALTHY_TARGET');
    expect(failing.seen).toHaveLength(2);
  });
});

describe('behaviors on proxied traffic', () => {
  it('never calls the backend for a rate-limited or status-faulted request', async () => {
    const [a] = await named('a');
    mimicus = await start({
      version: 2,
      server: { seed: 1 },
      endpoints: [
        { id: 'limited', path: '/limited', proxy: { url: a!.url }, rateLimit: { rate: '1/m', burst: 1 } },
        { id: 'faulty', path: '/faulty', proxy: { url: a!.url }, errors: [{ rate: 1, status: 503, body: 'injected' }] },
      ],
    });
    expect(await hit(`${mimicus.url}/limited`)).toBe('a');
    expect((await fetch(`${mimicus.url}/limited`)).status).toBe(429);
    const faulted = await fetch(`${mimicus.url}/faulty`);
    expect(faulted.status).toBe(503);
    expect(await faulted.text()).toBe('injected');
    expect(a!.seen.map((r) => r.url)).toEqual(['/limited']);
  });

  it('serves an empty fault without calling the backend; a reset fault breaks the real answer', async () => {
    const [a] = await named('a');
    mimicus = await start({
      version: 2,
      endpoints: [
        { id: 'reset', path: '/reset', proxy: { url: a!.url }, errors: [{ rate: 1, kind: 'reset' }] },
        { id: 'empty', path: '/empty', proxy: { url: a!.url }, errors: [{ rate: 1, kind: 'empty' }] },
        { id: 'plain', path: '/plain', proxy: { url: a!.url } },
      ],
    });
    await expect(fetch(`${mimicus.url}/reset`).then((res) => res.text())).rejects.toThrow();
    await expect(fetch(`${mimicus.url}/empty`)).rejects.toThrow();
    expect(await hit(`${mimicus.url}/plain`)).toBe('a');
    // The reset cuts the backend's own answer (stream-behaviors.test.ts checks where); empty never calls it.
    expect(a!.seen.map((r) => r.url)).toEqual(['/reset', '/plain']);
  });

  it('adds the endpoint latency to the backend time', async () => {
    const slow = await startBackend((_req, res) => setTimeout(() => res.writeHead(200, { 'content-length': '1' }).end('s'), 100));
    backends.push(slow);
    mimicus = await start({ version: 2, endpoints: [{ id: 'p', path: '/p', proxy: { url: slow.url }, latency: { fixed: '150ms' } }] });
    const startedAt = performance.now();
    expect(await hit(`${mimicus.url}/p`)).toBe('s');
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(245);
  });
});

describe('config changes', () => {
  it('keep the pools, health and counters of an unchanged upstream and drain a removed target', async () => {
    const [a, b] = await named('a', 'b');
    const config = (targets: { url: string }[], extra: object[] = []) => ({
      version: 2,
      upstreams: [{ id: 'u', targets, balance: 'round-robin' }],
      endpoints: [{ id: 'p', path: '/**', proxy: { upstream: 'u' } }, ...extra],
    });
    mimicus = await start(config([{ url: a!.url }, { url: b!.url }]));
    await hit(`${mimicus.url}/x`);
    await hit(`${mimicus.url}/x`);
    expect([a!.connections(), b!.connections()]).toEqual([1, 1]);
    // An unrelated change: the same upstream, so the same pools and connections, and round-robin goes on.
    await mimicus.reload(config([{ url: a!.url }, { url: b!.url }], [{ id: 'mock', path: '/mock', response: { body: 'm' } }]));
    expect(await hit(`${mimicus.url}/mock`)).toBe('m');
    expect([await hit(`${mimicus.url}/x`), await hit(`${mimicus.url}/x`)]).toEqual(['a', 'b']);
    expect([a!.connections(), b!.connections()]).toEqual([1, 1]);
    // A changed setting (the pool) rebuilds the upstream: new connections.
    await mimicus.reload({
      ...config([{ url: a!.url }, { url: b!.url }]),
      upstreams: [{ id: 'u', targets: [{ url: a!.url }, { url: b!.url }], balance: 'round-robin', pool: { connections: 4 } }],
    });
    await hit(`${mimicus.url}/x`);
    expect(a!.connections() + b!.connections()).toBe(3);
    // b removed: everything goes to a.
    await mimicus.reload(config([{ url: a!.url }]));
    const after = [await hit(`${mimicus.url}/x`), await hit(`${mimicus.url}/x`), await hit(`${mimicus.url}/x`)];
    expect(after).toEqual(['a', 'a', 'a']);
  });

  it('lets a request in flight to a removed target finish', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = await startBackend((_req, res) => void held.then(() => res.writeHead(200, { 'content-length': '4' }).end('done')));
    backends.push(slow);
    const [other] = await named('o');
    mimicus = await start({
      version: 2,
      upstreams: [{ id: 'u', targets: [{ url: slow.url }] }],
      endpoints: [{ id: 'p', path: '/**', proxy: { upstream: 'u' } }],
    });
    const pending = fetch(`${mimicus.url}/x`).then((res) => res.text());
    while (slow.seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await mimicus.reload({
      version: 2,
      upstreams: [{ id: 'u', targets: [{ url: other!.url }] }],
      endpoints: [{ id: 'p', path: '/**', proxy: { upstream: 'u' } }],
    });
    expect(await hit(`${mimicus.url}/x`)).toBe('o');
    release();
    expect(await pending).toBe('done');
  });
});

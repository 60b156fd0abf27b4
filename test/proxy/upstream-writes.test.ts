import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/index.js';
import type { UpstreamStatus } from '../../src/contract/index.js';
import { expectProblem, startWithAdmin, type AdminHarness } from '../admin/admin-harness.js';
import { startBackend, startNamedBackends, type Backend } from './backends.js';

let mimicus: AdminHarness | undefined;
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

const hit = async (url: string) => (await fetch(url)).text();
const hits = async (url: string, count: number) => {
  const answers: string[] = [];
  for (let i = 0; i < count; i++) answers.push(await hit(url));
  return answers;
};
const patch = (m: AdminHarness, path: string, body: object) =>
  m.api(path, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify(body) });
const live = async (m: AdminHarness, id: string) => (await (await m.api(`/api/upstreams/${id}`)).json()) as UpstreamStatus;

/** Upstream `a` and an endpoint forwarding /a/** to it. */
const withA = (a: Backend) => `# upstreams of the shop
version: 2
upstreams:
  - { id: a, targets: [{ url: "${a.url}" }] }
endpoints:
  - { id: to-a, path: /a/**, proxy: { upstream: a } }
`;

describe('admin API: upstream writes', () => {
  it('creates an upstream (201 + Location) that an endpoint can then forward to', async () => {
    const [a, b] = await named('a', 'b');
    mimicus = await startWithAdmin(withA(a!));
    const toB = { id: 'to-b', path: '/b/**', proxy: { upstream: 'b' } };
    // Before b exists, an endpoint naming it is refused by config validation.
    const dangling = await expectProblem(await mimicus.api('/api/endpoints', { method: 'POST', json: toB }), 400, 'CONFIG_INVALID');
    expect(dangling.issues).toEqual([expect.objectContaining({ path: 'endpoints[1].proxy.upstream', id: 'to-b' })]);

    const created = await mimicus.api('/api/upstreams', { method: 'POST', json: { id: 'b', targets: [{ url: b!.url }] } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/upstreams/b');
    expect(await created.json()).toEqual({ id: 'b', targets: [{ url: b!.url }] });
    expect((await mimicus.api('/api/endpoints', { method: 'POST', json: toB })).status).toBe(201);
    expect(await hit(`${mimicus.url}/b/x`)).toBe('b');
    expect(await hit(`${mimicus.url}/a/x`)).toBe('a');
    // The live view and the config form of the new upstream.
    expect((await live(mimicus, 'b')).targets.map((t) => [t.url, t.health, t.requests])).toEqual([[b!.url, 'healthy', 1]]);
    expect(await (await mimicus.api('/api/upstreams/b/config')).json()).toEqual({ id: 'b', targets: [{ url: b!.url }] });

    await expectProblem(await mimicus.api('/api/upstreams', { method: 'POST', json: { id: 'b', targets: [{ url: a!.url }] } }), 409, 'UPSTREAM_EXISTS');
  });

  it('answers 400 naming the field of an invalid upstream, and applies nothing', async () => {
    const [a] = await named('a');
    mimicus = await startWithAdmin(withA(a!));
    const badUrl = await expectProblem(
      await mimicus.api('/api/upstreams', { method: 'POST', json: { id: 'b', targets: [{ url: 'ftp://127.0.0.1:1' }] } }),
      400,
      'CONFIG_INVALID',
    );
    expect(badUrl.issues).toEqual([expect.objectContaining({ path: 'upstreams[1].targets[0].url' })]);
    const badWeight = await expectProblem(await patch(mimicus, '/api/upstreams/a', { targets: [{ url: a!.url, weight: 0 }] }), 400, 'CONFIG_INVALID');
    expect(badWeight.issues).toEqual([expect.objectContaining({ path: 'upstreams[0].targets[0].weight' })]);
    await expectProblem(await mimicus.api('/api/upstreams', { method: 'POST', json: { targets: [{ url: a!.url }] } }), 400, 'ADMIN_REQUEST_INVALID');
    await expectProblem(await mimicus.api('/api/upstreams/a', { method: 'PUT', json: { id: 'z', targets: [{ url: a!.url }] } }), 400, 'ADMIN_REQUEST_INVALID');
    await expectProblem(await patch(mimicus, '/api/upstreams/a', { id: 'renamed' }), 400, 'ADMIN_REQUEST_INVALID');
    await expectProblem(await mimicus.api('/api/upstreams/nope', { method: 'PUT', json: { targets: [{ url: a!.url }] } }), 404, 'UPSTREAM_NOT_FOUND');
    await expectProblem(await patch(mimicus, '/api/upstreams/nope', { balance: 'random' }), 404, 'UPSTREAM_NOT_FOUND');
    await expectProblem(await mimicus.api('/api/upstreams/nope/config'), 404, 'UPSTREAM_NOT_FOUND');
    expect(await (await mimicus.api('/api/upstreams/a/config')).json()).toEqual({ id: 'a', targets: [{ url: a!.url }] });
    expect((await (await mimicus.api('/api/upstreams')).json()) as { items: UpstreamStatus[] }).toMatchObject({ items: [{ id: 'a' }] });
    expect(await hit(`${mimicus.url}/a/x`)).toBe('a');
  });

  it('replaces the targets of an upstream: the new target takes the traffic, a request in flight to the old one finishes', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = await startBackend((_req, res) => void held.then(() => res.writeHead(200, { 'content-length': '4' }).end('slow')));
    backends.push(slow);
    const [c] = await named('c');
    mimicus = await startWithAdmin(withA(slow));
    const pending = fetch(`${mimicus.url}/a/x`).then((res) => res.text());
    while (slow.seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    const replaced = await mimicus.api('/api/upstreams/a', { method: 'PUT', json: { targets: [{ url: c!.url }], balance: 'round-robin' } });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toEqual({ id: 'a', targets: [{ url: c!.url }], balance: 'round-robin' });
    expect(await hits(`${mimicus.url}/a/x`, 3)).toEqual(['c', 'c', 'c']);
    expect((await live(mimicus, 'a')).targets.map((t) => t.url)).toEqual([c!.url]);
    release();
    expect(await pending).toBe('slow');
  });

  it('merge-patches target weights, and keeps the pools, health and counters of the other upstream', async () => {
    const [a1, a2, b] = await named('a1', 'a2', 'b');
    mimicus = await startWithAdmin(`version: 2
upstreams:
  - { id: a, targets: [{ url: "${a1!.url}" }, { url: "${a2!.url}" }] }
  - { id: b, targets: [{ url: "${b!.url}" }, { url: "http://127.0.0.1:9" }] }
endpoints:
  - { id: to-a, path: /a/**, proxy: { upstream: a } }
  - { id: to-b, path: /b/**, proxy: { upstream: b } }
`);
    // b: its second target drained (runtime state), three requests counted on the first, over one connection.
    expect((await mimicus.api('/api/upstreams/b/targets/1/drain', { method: 'POST' })).status).toBe(200);
    expect(await hits(`${mimicus.url}/b/x`, 3)).toEqual(['b', 'b', 'b']);
    const before = await live(mimicus, 'b');
    expect(before.targets.map((t) => [t.requests, t.health])).toEqual([
      [3, 'healthy'],
      [0, 'drained'],
    ]);

    // Arrays are replaced whole by a merge patch (RFC 7396): the targets are sent again with their weights.
    const patched = await patch(mimicus, '/api/upstreams/a', { targets: [{ url: a1!.url, weight: 3 }, { url: a2!.url }] });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toEqual({ id: 'a', targets: [{ url: a1!.url, weight: 3 }, { url: a2!.url }] });
    expect((await live(mimicus, 'a')).targets.map((t) => t.weight)).toEqual([3, 1]);
    const served = await hits(`${mimicus.url}/a/x`, 8);
    expect([served.filter((name) => name === 'a1').length, served.filter((name) => name === 'a2').length]).toEqual([6, 2]);

    const after = await live(mimicus, 'b');
    expect(after.targets.map((t) => [t.requests, t.health, t.drained])).toEqual([
      [3, 'healthy', false],
      [0, 'drained', true],
    ]);
    expect(await hits(`${mimicus.url}/b/x`, 2)).toEqual(['b', 'b']);
    // The same pooled connection to b: the patch of a did not rebuild b.
    expect(b!.connections()).toBe(1);
    expect((await live(mimicus, 'b')).targets[0]!.requests).toBe(5);
  });

  it('refuses to delete an upstream an endpoint or server.unmatched forwards to, naming them; deletes it once unused', async () => {
    const [a, b] = await named('a', 'b');
    mimicus = await startWithAdmin(`version: 2
server:
  unmatched: { proxy: { upstream: b } }
upstreams:
  - { id: a, targets: [{ url: "${a!.url}" }] }
  - { id: b, targets: [{ url: "${b!.url}" }] }
endpoints:
  - { id: to-a, path: /a/**, proxy: { upstream: a } }
  - { id: b-or-a, path: /b/**, proxy: { upstream: b }, fallback: { upstream: a } }
`);
    const inUse = await expectProblem(await mimicus.api('/api/upstreams/a', { method: 'DELETE' }), 409, 'UPSTREAM_IN_USE');
    expect(inUse.detail).toContain('endpoint "to-a", endpoint "b-or-a"');
    expect(inUse.issues).toEqual([
      { path: 'endpoints[0].proxy.upstream', id: 'to-a', message: 'forwards to upstream "a"' },
      { path: 'endpoints[1].fallback.upstream', id: 'b-or-a', message: 'forwards to upstream "a"' },
    ]);
    const unmatched = await expectProblem(await mimicus.api('/api/upstreams/b', { method: 'DELETE' }), 409, 'UPSTREAM_IN_USE');
    expect(unmatched.detail).toContain('server.unmatched.proxy.upstream');
    expect(await hit(`${mimicus.url}/a/x`)).toBe('a');

    expect((await mimicus.api('/api/endpoints/to-a', { method: 'DELETE' })).status).toBe(204);
    expect((await patch(mimicus, '/api/endpoints/b-or-a', { fallback: null })).status).toBe(200);
    expect((await mimicus.api('/api/upstreams/a', { method: 'DELETE' })).status).toBe(204);
    await expectProblem(await mimicus.api('/api/upstreams/a'), 404, 'UPSTREAM_NOT_FOUND');
    await expectProblem(await mimicus.api('/api/upstreams/a/config'), 404, 'UPSTREAM_NOT_FOUND');
    await expectProblem(await mimicus.api('/api/upstreams/a', { method: 'DELETE' }), 404, 'UPSTREAM_NOT_FOUND');
    expect(await hit(`${mimicus.url}/b/x`)).toBe('b');
  });

  it('records a version for each change, and restoring one brings the upstream back', async () => {
    const [a, b] = await named('a', 'b');
    mimicus = await startWithAdmin(withA(a!), { dataDir: mkdtempSync(join(tmpdir(), 'mimicus-upstream-versions-')) });
    const m = mimicus;
    const versions = async () => ((await (await m.api('/api/versions')).json()) as { items: { id: number; summary: string }[] }).items;
    expect(await versions()).toHaveLength(1);
    const created = await m.api('/api/upstreams', { method: 'POST', json: { id: 'b', targets: [{ url: b!.url }] }, headers: { 'x-change-message': 'add b' } });
    expect(created.headers.get('x-mimicus-config-version')).toBe('2');
    expect((await patch(m, '/api/upstreams/b', { balance: 'random' })).status).toBe(200);
    expect((await m.api('/api/upstreams/b', { method: 'DELETE' })).status).toBe(204);
    const recorded = await versions();
    expect(recorded.map((version) => version.id)).toEqual([4, 3, 2, 1]);
    expect(recorded.slice(0, 3).map((version) => version.summary)).toEqual(['upstreams: -b', 'upstreams: ~b', 'upstreams: +b']);

    expect((await m.api('/api/versions/3/restore', { method: 'POST' })).status).toBe(200);
    expect(await (await m.api('/api/upstreams/b/config')).json()).toEqual({ id: 'b', targets: [{ url: b!.url }], balance: 'random' });
    expect((await live(m, 'b')).targets.map((t) => t.url)).toEqual([b!.url]);
  });

  it('writes each change back to the config file, keeping its comments', async () => {
    const [a, b] = await named('a', 'b');
    mimicus = await startWithAdmin(withA(a!));
    expect((await mimicus.api('/api/upstreams', { method: 'POST', json: { id: 'b', targets: [{ url: b!.url }] } })).status).toBe(201);
    expect((await patch(mimicus, '/api/upstreams/a', { targets: [{ url: a!.url, weight: 2 }] })).status).toBe(200);
    const text = readFileSync(mimicus.file, 'utf8');
    expect(text).toContain('# upstreams of the shop');
    const loaded = await loadConfigFile(mimicus.file);
    expect(loaded.ok && loaded.value.config.upstreams).toEqual([
      { id: 'a', targets: [{ url: a!.url, weight: 2 }] },
      { id: 'b', targets: [{ url: b!.url }] },
    ]);
    expect((await mimicus.api('/api/upstreams/b', { method: 'DELETE' })).status).toBe(204);
    const reloaded = await loadConfigFile(mimicus.file);
    expect(reloaded.ok && reloaded.value.config.upstreams?.map((upstream) => upstream.id)).toEqual(['a']);
  });

  it('refuses a cross-site POST /api/upstreams and applies nothing', async () => {
    const [a, b] = await named('a', 'b');
    mimicus = await startWithAdmin(withA(a!));
    await expectProblem(
      await mimicus.api('/api/upstreams', {
        method: 'POST',
        json: { id: 'b', targets: [{ url: b!.url }] },
        headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      }),
      403,
      'ADMIN_CROSS_SITE_REFUSED',
    );
    await expectProblem(
      await mimicus.api('/api/upstreams', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ id: 'b', targets: [{ url: b!.url }] }),
      }),
      415,
      'ADMIN_MEDIA_TYPE_UNSUPPORTED',
    );
    await expectProblem(await mimicus.api('/api/upstreams/b/config'), 404, 'UPSTREAM_NOT_FOUND');
  });
});

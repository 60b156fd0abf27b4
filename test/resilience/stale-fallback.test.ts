import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import type { Mimicus } from '../../src/index.js';
import { startBackend, type Backend } from '../proxy/backends.js';
import { startMimicus } from '../support/start-mimicus.js';

let mimicus: (Mimicus & { file: string }) | undefined;
let backend: Backend | undefined;
afterEach(async () => {
  await mimicus?.close();
  if (mimicus !== undefined) rmSync(dirname(mimicus.file), { recursive: true, force: true });
  mimicus = undefined;
  await backend?.close();
  backend = undefined;
});

/** A backend that answers `ok <url>` until `failing` is set, then 503. */
async function switchable(headers: Record<string, string> = {}) {
  const state = { failing: false };
  backend = await startBackend((req, res) => {
    if (state.failing) return void res.writeHead(503, { 'content-length': '4' }).end('down');
    const text = `ok ${req.url} ${req.headers.authorization ?? ''}`;
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(text)), ...headers }).end(text);
  });
  return state;
}

const config = (url: string, stale = 'maxStale: 30s') => `
version: 2
upstreams:
  - id: api
    targets: [ { url: "${url}" } ]
endpoints:
  - id: api
    path: /api/**
    proxy: { upstream: api }
    fallback: { stale: { ${stale} } }
`;

describe('fallback: stale', () => {
  it('serves the last good answer for the same path and query when the backend fails, with its age and the reason', async () => {
    const clock = new ManualClock({ nowMs: 1_000_000, epochMs: Date.now() });
    const backendState = await switchable();
    mimicus = await startMimicus(config(backend!.url), { clock });
    expect(await (await fetch(`${mimicus.url}/api/a?x=1`)).text()).toBe('ok /api/a?x=1 ');
    backendState.failing = true;
    clock.advance(12_000);
    const stale = await fetch(`${mimicus.url}/api/a?x=1`);
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-mimicus-fallback')).toBe('upstream-503');
    expect(stale.headers.get('age')).toBe('12');
    expect(stale.headers.get('content-type')).toBe('text/plain');
    expect(await stale.text()).toBe('ok /api/a?x=1 ');
    // Another query was never answered well: the backend's own 503 goes through.
    const other = await fetch(`${mimicus.url}/api/a?x=2`);
    expect(other.status).toBe(503);
    expect(await other.text()).toBe('down');
  });

  it('serves nothing older than maxStale', async () => {
    const clock = new ManualClock({ nowMs: 1_000_000, epochMs: Date.now() });
    const backendState = await switchable();
    mimicus = await startMimicus(config(backend!.url, 'maxStale: 10s'), { clock });
    await (await fetch(`${mimicus.url}/api/a`)).arrayBuffer();
    backendState.failing = true;
    clock.advance(10_001);
    const res = await fetch(`${mimicus.url}/api/a`);
    expect(res.status).toBe(503);
    expect(res.headers.get('x-mimicus-fallback')).toBeNull();
  });

  it("never serves one user's answer to another: the credentials are part of the key", async () => {
    const backendState = await switchable();
    mimicus = await startMimicus(config(backend!.url));
    await (await fetch(`${mimicus.url}/api/me`, { headers: { authorization: 'Bearer alice' } })).arrayBuffer();
    backendState.failing = true;
    const bob = await fetch(`${mimicus.url}/api/me`, { headers: { authorization: 'Bearer bob' } });
    expect(bob.status).toBe(503);
    const alice = await fetch(`${mimicus.url}/api/me`, { headers: { authorization: 'Bearer alice' } });
    expect(await alice.text()).toBe('ok /api/me Bearer alice');
  });

  it('keeps no answer marked no-store or private', async () => {
    const backendState = await switchable({ 'cache-control': 'private, max-age=60' });
    mimicus = await startMimicus(config(backend!.url));
    await (await fetch(`${mimicus.url}/api/a`)).arrayBuffer();
    backendState.failing = true;
    expect((await fetch(`${mimicus.url}/api/a`)).status).toBe(503);
  });

  it('stays within maxSize: a client walking many URLs evicts the oldest answers', async () => {
    const backendState = await switchable();
    mimicus = await startMimicus(config(backend!.url, 'maxSize: 4KiB'));
    for (let i = 0; i < 40; i++) await (await fetch(`${mimicus.url}/api/item/${i}`)).arrayBuffer();
    backendState.failing = true;
    expect((await fetch(`${mimicus.url}/api/item/0`)).status).toBe(503);
    expect((await fetch(`${mimicus.url}/api/item/39`)).headers.get('x-mimicus-fallback')).toBe('upstream-503');
  });
});

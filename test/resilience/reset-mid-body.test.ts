import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Mimicus } from '../../src/index.js';
import { startBackend, type Backend } from '../proxy/backends.js';
import { startMimicus } from '../support/start-mimicus.js';

let mimicus: (Mimicus & { file: string }) | undefined;
const backends: Backend[] = [];
afterEach(async () => {
  await mimicus?.close();
  if (mimicus !== undefined) rmSync(dirname(mimicus.file), { recursive: true, force: true });
  mimicus = undefined;
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
});

/** A backend whose first `cuts` answers send the head and half the body of `bytes`, then reset. */
async function cutting(bytes: number, cuts: number): Promise<Backend> {
  const body = Buffer.alloc(bytes, 'x');
  let answered = 0;
  const backend = await startBackend((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(bytes) });
    if (answered++ >= cuts) return void res.end(body);
    res.write(body.subarray(0, bytes / 2));
    setImmediate(() => res.socket?.destroy());
  });
  backends.push(backend);
  return backend;
}

const config = (url: string, upstream: string, endpoint = '') => `
version: 2
upstreams:
  - id: api
    targets: [ { url: "${url}" } ]
    ${upstream}
endpoints:
  - id: api
    path: /api/**
    proxy: { upstream: api }
    ${endpoint}
`;

/** A GET with node:http, telling a body cut after the head from a complete one. */
function get(url: string): Promise<{ status: number; headers: Record<string, unknown>; bytes: number; cut: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes, cut: false }));
      res.on('error', () => resolve({ status: res.statusCode!, headers: res.headers, bytes, cut: true }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a reset mid-body', () => {
  it('is retried when the answer is small enough to read whole first: the client gets the full body', async () => {
    const backend = await cutting(2048, 1);
    mimicus = await startMimicus(config(backend.url, 'retry: { attempts: 2, retryOn: [reset], backoff: { base: 1ms, max: 2ms } }'));
    const answer = await get(`${mimicus.url}/api/x`);
    expect(answer).toMatchObject({ status: 200, bytes: 2048, cut: false });
    expect(backend.seen.length).toBe(2);
  });

  it('is answered by the fallback (upstream-reset) when it cannot be retried', async () => {
    const backend = await cutting(2048, 1);
    mimicus = await startMimicus(config(backend.url, 'circuitBreaker: { failureThreshold: 5 }', 'fallback: { status: 200, body: "cached" }'));
    const answer = await get(`${mimicus.url}/api/x`);
    expect(answer).toMatchObject({ status: 200, bytes: 6, cut: false, headers: { 'x-mimicus-fallback': 'upstream-reset' } });
  });

  it('is a coded 502 when there is neither a retry nor a fallback, not a cut body', async () => {
    const backend = await cutting(2048, 1);
    mimicus = await startMimicus(config(backend.url, 'circuitBreaker: { failureThreshold: 5 }'));
    const answer = await get(`${mimicus.url}/api/x`);
    expect(answer).toMatchObject({ status: 502, cut: false, headers: { 'x-mimicus-error': 'UPSTREAM_UNAVAILABLE' } });
  });

  it('cuts the client connection when the answer streams (over 64 KiB): the status went out already', async () => {
    const backend = await cutting(256 * 1024, 1);
    mimicus = await startMimicus(config(backend.url, 'retry: { attempts: 2, retryOn: [reset], backoff: { base: 1ms, max: 2ms } }'));
    const answer = await get(`${mimicus.url}/api/x`);
    expect(answer.status).toBe(200);
    expect(answer.cut).toBe(true);
    expect(answer.bytes).toBeLessThan(256 * 1024);
    expect(backend.seen.length).toBe(1);
    // The journal marks it: the upstream reset the answer after its head.
    const { entries } = await vi.waitFor(async () => {
      const page = await mimicus!.journal.list();
      expect(page.entries.length).toBe(1);
      return page;
    });
    expect((await mimicus.journal.get(entries[0]!.id))!.applied?.upstream).toMatchObject({ outcome: 'reset', status: 200 });
  });
});

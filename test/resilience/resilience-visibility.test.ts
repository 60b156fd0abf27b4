import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { UpstreamStatus } from '../../src/contract/index.js';
import { expectProblem, startWithAdmin, type AdminHarness } from '../admin/admin-harness.js';
import { closedPort, startBackend, type Backend } from '../proxy/backends.js';

let mimicus: AdminHarness | undefined;
let backend: Backend | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await mimicus?.close();
  if (mimicus !== undefined) rmSync(dirname(mimicus.file), { recursive: true, force: true });
  mimicus = undefined;
  await backend?.close();
  backend = undefined;
});

/** The types and payloads of the events `/api/events` sends, as they come. */
async function events(adminUrl: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const socket = new WebSocket(`${adminUrl.replace(/^http/, 'ws')}/api/events`);
  sockets.push(socket);
  const received: { type: string; data: Record<string, unknown> }[] = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString()) as (typeof received)[number]));
  await new Promise((resolve) => socket.once('open', resolve));
  return received;
}

describe('what the resilience policies show', () => {
  it('journals every attempt (target, outcome, time) and the fallback reason, and tells upstream.fallback', async () => {
    backend = await startBackend((_req, res) => res.writeHead(503, { 'content-length': '4' }).end('busy'));
    const dead = await closedPort();
    mimicus = await startWithAdmin(`
version: 2
upstreams:
  - id: api
    balance: round-robin
    targets: [ { url: "http://127.0.0.1:${dead}" }, { url: "${backend.url}" } ]
    retry: { attempts: 2, retryOn: [connect-failure, 503], backoff: { base: 1ms, max: 2ms } }
endpoints:
  - id: api
    path: /api/**
    proxy: { upstream: api }
    fallback: { status: 200, body: spare }
`);
    const received = await events(mimicus.adminUrl);
    const res = await fetch(`${mimicus.url}/api/x`);
    expect(res.headers.get('x-mimicus-fallback')).toBe('upstream-503');
    const entry = await vi.waitFor(async () => {
      const { entries } = await mimicus!.journal.list();
      expect(entries.length).toBe(1);
      return (await mimicus!.journal.get(entries[0]!.id))!;
    });
    const upstream = entry.applied!.upstream!;
    expect(upstream).toMatchObject({ fallback: 'upstream-503', hedges: 0 });
    expect(upstream.attempts!.map((attempt) => [attempt.target, attempt.outcome])).toEqual([
      [`http://127.0.0.1:${dead}`, 'connect-failure'],
      [backend.url, '503'],
    ]);
    expect(upstream.attempts!.every((attempt) => attempt.ms >= 0)).toBe(true);
    await vi.waitFor(() =>
      expect(received.find((event) => event.type === 'upstream.fallback')?.data).toEqual({ upstream: 'api', reason: 'upstream-503', count: 1 }),
    );
  });

  it('shows each target breaker on /api/upstreams and closes them on POST /api/upstreams/{id}/breaker/reset', async () => {
    const dead = await closedPort();
    mimicus = await startWithAdmin(`
version: 2
upstreams:
  - id: api
    targets: [ { url: "http://127.0.0.1:${dead}" } ]
    circuitBreaker: { failureThreshold: 2, openFor: 1h }
endpoints:
  - id: api
    path: /api/**
    proxy: { upstream: api }
`);
    const received = await events(mimicus.adminUrl);
    for (let i = 0; i < 3; i++) await (await fetch(`${mimicus.url}/api/x`)).arrayBuffer();
    const listed = (await (await mimicus.api('/api/upstreams/api')).json()) as UpstreamStatus;
    expect(listed.targets[0]!.breaker).toBe('open');
    expect((await fetch(`${mimicus.url}/api/x`)).headers.get('x-mimicus-error')).toBe('UPSTREAM_CIRCUIT_OPEN');

    // A cross-site page cannot reset it (the guards of every admin write), nor can a JSON-less form post with a body.
    const crossSite = await mimicus.api('/api/upstreams/api/breaker/reset', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const form = await mimicus.api('/api/upstreams/api/breaker/reset', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(form.status).toBe(415);
    await expectProblem(await mimicus.api('/api/upstreams/nope/breaker/reset', { method: 'POST' }), 404, 'UPSTREAM_NOT_FOUND');

    const reset = await mimicus.api('/api/upstreams/api/breaker/reset', { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(((await reset.json()) as UpstreamStatus).targets[0]!.breaker).toBe('closed');
    await vi.waitFor(() => expect(received.filter((event) => event.type === 'upstream.breaker').map((event) => event.data.to)).toEqual(['open', 'closed']));
    // Closed again: the next request is forwarded (and fails as the backend is still down).
    expect((await fetch(`${mimicus.url}/api/x`)).headers.get('x-mimicus-error')).toBe('UPSTREAM_UNAVAILABLE');
  });
});

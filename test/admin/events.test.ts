import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ManualClock } from '../../src/clock/index.js';
import { BASE, expectProblem, startWithAdmin, type AdminHarness } from './admin-harness.js';

interface Received {
  type: string;
  time: string;
  data: Record<string, unknown>;
  dropped?: number;
}

/** A WebSocket client of `/api/events` that keeps every event and waits for the ones a test expects. */
interface EventsClient {
  readonly socket: WebSocket;
  readonly received: Received[];
  next(type: string, match?: (event: Received) => boolean, timeoutMs?: number): Promise<Received>;
  send(message: unknown): Promise<Received>;
  closed: Promise<{ code: number; reason: string }>;
}

const sockets: WebSocket[] = [];
let mimicus: AdminHarness | undefined;
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await mimicus?.close();
  mimicus = undefined;
});

function connect(adminUrl: string, options: { key?: string; headers?: Record<string, string> } = {}): Promise<EventsClient> {
  const url = `${adminUrl.replace(/^http/, 'ws')}/api/events${options.key ? `?key=${encodeURIComponent(options.key)}` : ''}`;
  const socket = new WebSocket(url, { headers: options.headers ?? {} });
  sockets.push(socket);
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    received.push(JSON.parse(data.toString()) as Received);
    for (const waiter of waiters) waiter();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  let seen = 0;
  const client: EventsClient = {
    socket,
    received,
    closed,
    next(type, match = () => true, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const index = received.findIndex((event, i) => i >= seen && event.type === type && match(event));
          if (index === -1) return false;
          seen = index + 1;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(received[index]!);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${type} event within ${timeoutMs} ms; got ${JSON.stringify(received.map((event) => event.type))}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    send(message) {
      socket.send(JSON.stringify(message));
      return client.next('subscribed');
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) =>
      reject(Object.assign(new Error(`HTTP ${response.statusCode}`), { status: response.statusCode })),
    );
    socket.once('error', reject);
    // The server acknowledges the default subscription first: once it arrives, the stream is live.
    client.next('subscribed').then(() => resolve(client), reject);
  });
}

const ENDPOINT = { id: 'orders', method: 'GET', path: '/orders', response: { status: 200, body: '[]' } };

describe('admin API: GET /api/events', () => {
  it('streams config.applied and endpoint.created after an endpoint is created through the API', async () => {
    mimicus = await startWithAdmin(BASE);
    const client = await connect(mimicus.adminUrl);
    expect(client.received[0]?.data).toMatchObject({ topics: ['config', 'endpoint', 'workflow', 'state', 'metrics', 'warning', 'upstream'] });
    const response = await mimicus.api('/api/endpoints', { method: 'POST', json: ENDPOINT, headers: { 'x-change-message': 'add orders' } });
    expect(response.status).toBe(201);
    const applied = await client.next('config.applied');
    expect(applied.data).toMatchObject({ author: 'anonymous', message: 'add orders', version: 2, summary: expect.stringContaining('+orders') });
    expect(Date.parse(applied.time)).not.toBeNaN();
    expect((await client.next('endpoint.created')).data).toEqual({ id: 'orders' });

    await mimicus.api('/api/endpoints/orders', { method: 'DELETE' });
    expect((await client.next('endpoint.deleted')).data).toEqual({ id: 'orders' });
  });

  it('streams config.rejected with every issue when a PUT /api/config is invalid', async () => {
    mimicus = await startWithAdmin(BASE);
    const client = await connect(mimicus.adminUrl);
    const response = await mimicus.api('/api/config', { method: 'PUT', json: { version: 2, endpoints: [{ id: 'broken', path: 42 }] } });
    expect(response.status).toBe(400);
    const rejected = await client.next('config.rejected');
    expect(rejected.data).toMatchObject({ source: 'api', author: 'anonymous' });
    expect((rejected.data.issues as unknown[]).length).toBeGreaterThan(0);
    expect(client.received.some((event) => event.type === 'config.applied')).toBe(false);
  });

  it('streams config.rejected and then config.applied for outside edits of the watched file', async () => {
    mimicus = await startWithAdmin(BASE, { dataDir: false, watch: true, admin: { port: 0, host: '127.0.0.1' } });
    const client = await connect(mimicus.adminUrl);
    writeFileSync(mimicus.file, 'version: 2\nendpoints:\n  - id: broken\n    path: 42\n');
    const rejected = await client.next('config.rejected', undefined, 5000);
    expect(rejected.data).toMatchObject({ source: 'file', author: 'file' });
    expect((rejected.data.issues as unknown[]).length).toBeGreaterThan(0);
    writeFileSync(mimicus.file, BASE.replace('body: hi', 'body: bye'));
    expect((await client.next('config.applied', undefined, 5000)).data).toMatchObject({ author: 'file', message: 'file changed' });
    expect((await client.next('endpoint.updated')).data).toEqual({ id: 'hello' });
  });

  it('streams a warning and refuses an API change whose write-back would overwrite an outside edit', async () => {
    mimicus = await startWithAdmin(BASE);
    const client = await connect(mimicus.adminUrl);
    // Broken behind Mimicus's back (nothing watches it here): the user is mid-edit.
    writeFileSync(mimicus.file, 'endpoints: [ {');
    const created = await mimicus.api('/api/endpoints', { method: 'POST', json: { id: 'bye', method: 'GET', path: '/bye', response: { body: 'ciao' } } });
    const problem = await expectProblem(created, 409, 'CONFIG_FILE_CHANGED');
    expect(problem.detail).toContain('mimicus.yaml changed on disk');
    const warning = await client.next('warning');
    expect(warning.data).toMatchObject({ code: 'CONFIG_FILE_CHANGED', message: expect.stringContaining('was not applied') });
    expect(readFileSync(mimicus.file, 'utf8')).toBe('endpoints: [ {');
    expect((await fetch(`${mimicus.url}/bye`)).status).toBe(404);
  });

  it('streams state.changed for admin state writes', async () => {
    mimicus = await startWithAdmin(BASE);
    const client = await connect(mimicus.adminUrl);
    expect((await mimicus.api('/api/state/global/greeting', { method: 'PUT', json: { value: 'hello' } })).status).toBe(200);
    expect((await client.next('state.changed')).data).toEqual({ action: 'set', scope: 'global', key: 'greeting', value: 'hello' });
  });

  it('streams what data-plane requests write to state, gathered into one state.changed', async () => {
    mimicus = await startWithAdmin(`${BASE}  - id: visit
    method: POST
    path: /visit
    state: { inc: [visits], set: { last: '{{request.query.who}}' } }
    response: { status: 204 }
`);
    const client = await connect(mimicus.adminUrl);
    for (const who of ['ada', 'bob', 'cy']) expect((await fetch(`${mimicus.url}/visit?who=${who}`, { method: 'POST' })).status).toBe(204);
    const written = await client.next('state.changed');
    expect(written.data).toMatchObject({ action: 'written', source: 'data-plane', count: 6 });
    const keys = written.data.keys as { name: string }[];
    expect([...keys].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { scope: 'global', kind: 'var', name: 'last', action: 'set' },
      { scope: 'global', kind: 'var', name: 'visits', action: 'set' },
    ]);
  });

  it('sends request.completed only when subscribed, and only what the filter lets through', async () => {
    mimicus = await startWithAdmin(`${BASE}  - id: missing
    method: GET
    path: /missing
    response: { status: 404 }
`);
    const client = await connect(mimicus.adminUrl);
    await fetch(`${mimicus.url}/hello`);
    const ack = await client.send({ subscribe: ['request'], filter: { endpoint: 'missing', status: 404 } });
    expect(ack.data).toEqual({ topics: ['request'], filter: { endpoint: 'missing', status: 404 } });
    await fetch(`${mimicus.url}/hello`);
    await fetch(`${mimicus.url}/missing?x=1`);
    const event = await client.next('request.completed');
    expect(event.data).toMatchObject({ method: 'GET', path: '/missing', status: 404, endpoint: 'missing' });
    expect(typeof event.data.durationMs).toBe('number');
    expect(client.received.filter((received) => received.type === 'request.completed')).toHaveLength(1);
  });

  it('samples request.completed and reports how many were dropped', async () => {
    // The sampling window is a second on the server's clock: the test moves it rather than sleeping.
    const clock = new ManualClock({ epochMs: Date.now() });
    mimicus = await startWithAdmin(BASE, { clock, dataDir: false, admin: { port: 0, host: '127.0.0.1', events: { maxRequestEventsPerSecond: 2 } } });
    const client = await connect(mimicus.adminUrl);
    await client.send({ subscribe: ['request'] });
    for (let i = 0; i < 6; i += 1) await fetch(`${mimicus.url}/hello`);
    await client.next('request.completed');
    await client.next('request.completed');
    clock.advance(1_000);
    await fetch(`${mimicus.url}/hello`);
    const after = await client.next('request.completed');
    expect(after.dropped).toBe(4);
  });

  it('sends metrics.tick with rps, errors and percentiles per endpoint', async () => {
    const clock = new ManualClock({ epochMs: Date.now() });
    mimicus = await startWithAdmin(BASE, { clock, dataDir: false, admin: { port: 0, host: '127.0.0.1', events: { metricsIntervalMs: 200 } } });
    const client = await connect(mimicus.adminUrl);
    for (let i = 0; i < 3; i += 1) await fetch(`${mimicus.url}/hello`);
    await fetch(`${mimicus.url}/nowhere`);
    // The tick comes when 200 ms pass on the server's clock, and only then.
    const ticked = client.next('metrics.tick', (event) => (event.data.endpoints as unknown[]).length > 0);
    await clock.advanceAsync(200);
    const tick = await ticked;
    expect(tick.data).toMatchObject({ intervalMs: 200, rps: 20, errors: 0 });
    const endpoints = tick.data.endpoints as Array<Record<string, number | string>>;
    expect(endpoints.find((row) => row.endpoint === 'hello')).toMatchObject({
      requests: 3,
      rps: 15,
      errors: 0,
      p50Ms: expect.any(Number),
      p99Ms: expect.any(Number),
    });
    expect(endpoints.find((row) => row.endpoint === '(unmatched)')).toMatchObject({ requests: 1 });
  });

  it('answers a plain GET without the upgrade with 426 problem+json', async () => {
    mimicus = await startWithAdmin(BASE);
    await expectProblem(await mimicus.api('/api/events'), 426, 'ADMIN_UPGRADE_REQUIRED');
  });

  it('warns about a subscription it cannot read and keeps the old one', async () => {
    mimicus = await startWithAdmin(BASE);
    const client = await connect(mimicus.adminUrl);
    client.socket.send(JSON.stringify({ subscribe: ['nope'] }));
    expect((await client.next('warning')).data.message).toMatch(/unknown topics/);
  });

  describe('with API keys', () => {
    const KEY = 'read-key-0123456789abcdef';
    const WITH_KEYS = `${BASE}admin:\n  apiKeys:\n    - { name: viewer, key: ${KEY}, role: read }\n`;

    it('refuses a connection without a key (401) and accepts a read key as ?key= or a header', async () => {
      mimicus = await startWithAdmin(WITH_KEYS);
      await expect(connect(mimicus.adminUrl)).rejects.toMatchObject({ status: 401 });
      await expect(connect(mimicus.adminUrl, { key: 'wrong-key-0123456789abcdef' })).rejects.toMatchObject({ status: 401 });
      await connect(mimicus.adminUrl, { key: KEY });
      await connect(mimicus.adminUrl, { headers: { 'x-api-key': KEY } });
    });
  });

  it('closes a client that does not read with 1013 instead of buffering without bound', async () => {
    mimicus = await startWithAdmin(BASE, { dataDir: false, admin: { port: 0, host: '127.0.0.1', events: { maxBufferedBytes: 64 * 1024 } } });
    const client = await connect(mimicus.adminUrl);
    const raw = (client.socket as unknown as { _socket: import('node:net').Socket })._socket;
    raw.pause();
    const value = 'x'.repeat(512 * 1024);
    // Enough to fill the kernel's socket buffers on loopback, then the server's own.
    for (let i = 0; i < 80; i += 1) {
      await mimicus.api('/api/state/global/big', { method: 'PUT', json: { value } });
    }
    raw.resume();
    const { code } = await client.closed;
    expect(code).toBe(1013);
    expect(client.received.length).toBeLessThan(80);
  });

  it('shuts down without waiting on a client that stopped reading', async () => {
    const m = await startWithAdmin(BASE, { dataDir: false });
    const client = await connect(m.adminUrl);
    const raw = (client.socket as unknown as { _socket: import('node:net').Socket })._socket;
    raw.pause();
    // ws alone would wait 30 s for this client's half of the closing handshake.
    await m.close();
    raw.resume();
    expect((await client.closed).code).toBeGreaterThan(1000);
  }, 5_000);
});

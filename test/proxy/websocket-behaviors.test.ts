import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { ManualClock } from '../../src/clock/index.js';
import { createMimicus, type Mimicus } from '../../src/index.js';

let mimicus: Mimicus | undefined;
let backend: Server | undefined;
const clients: WebSocket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await mimicus?.close();
  mimicus = undefined;
  backend?.closeAllConnections();
  await new Promise<void>((resolve) => (backend ? backend.close(() => resolve()) : resolve()));
  backend = undefined;
});

/** A WebSocket backend: echoes each message, and sends `greeting` first when given. Counts the upgrades it accepted. */
async function wsBackend(greeting?: string | Buffer): Promise<{ url: string; upgrades: () => number }> {
  let upgrades = 0;
  backend = createServer((_req, res) => res.writeHead(200, { 'content-length': '5' }).end('plain'));
  const wss = new WebSocketServer({ server: backend });
  wss.on('connection', (socket) => {
    upgrades++;
    if (greeting !== undefined) socket.send(greeting);
    socket.on('message', (data) => socket.send(`echo ${String(data)}`));
  });
  await new Promise<void>((resolve) => backend!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(backend.address() as { port: number }).port}`, upgrades: () => upgrades };
}

async function start(endpoint: object, url: string, clock?: ManualClock): Promise<Mimicus> {
  const config = { version: 2, upstreams: [{ id: 'u', targets: [{ url }] }], endpoints: [{ id: 'ws', path: '/ws/**', proxy: { upstream: 'u' }, ...endpoint }] };
  const started = await createMimicus(config, { dataDir: false, ...(clock ? { clock } : {}) });
  await started.listen(0, '127.0.0.1');
  return started;
}

/** A client that keeps what it got: messages, the refusal status, how it closed. */
function connect(m: Mimicus, path = '/ws/chat') {
  const socket = new WebSocket(`${m.url.replace(/^http/, 'ws')}${path}`);
  clients.push(socket);
  const seen = { open: false, messages: [] as string[], refusedWith: 0, refusedBody: '', closeCode: 0, error: '' };
  socket.on('open', () => (seen.open = true));
  socket.on('message', (data) => seen.messages.push(String(data)));
  socket.on('unexpected-response', (_req, res) => {
    seen.refusedWith = res.statusCode ?? 0;
    res.on('data', (chunk: Buffer) => (seen.refusedBody += chunk.toString('utf8')));
  });
  socket.on('error', (error: NodeJS.ErrnoException) => (seen.error = error.code ?? error.message));
  socket.on('close', (code) => (seen.closeCode = code));
  return { socket, seen };
}

/** Waits on real I/O (not on the clock under test) until `condition` holds. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A few event-loop turns and socket reads: long enough for bytes that were sent to arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 40));

async function lastEntry(m: Mimicus) {
  const { entries } = await m.journal.list({});
  return (await m.journal.get(entries[0]!.id))!;
}

describe('behaviors on WebSocket tunnels', () => {
  it('refuses the upgrade with the status fault’s HTTP answer, without asking the backend', async () => {
    const ws = await wsBackend();
    mimicus = await start({ errors: [{ rate: 1, status: 503, body: '{"error":"down"}' }] }, ws.url);
    const { seen } = connect(mimicus);
    await until(() => seen.refusedWith !== 0, 'the refusal');
    await until(() => seen.refusedBody.length > 0, 'the body');
    expect(seen.refusedWith).toBe(503);
    expect(seen.refusedBody).toBe('{"error":"down"}');
    expect(ws.upgrades()).toBe(0);
    const entry = await lastEntry(mimicus);
    expect(entry.status).toBe(503);
    expect(entry.applied.faultKind).toBe('status');
  });

  it('refuses an upgrade over the rate limit with 429', async () => {
    const ws = await wsBackend();
    mimicus = await start({ rateLimit: { rate: '1/m', burst: 1 } }, ws.url);
    const first = connect(mimicus);
    await until(() => first.seen.open, 'the first tunnel');
    const second = connect(mimicus);
    await until(() => second.seen.refusedWith !== 0, 'the refusal');
    expect(second.seen.refusedWith).toBe(429);
    expect(ws.upgrades()).toBe(1);
  });

  it('waits the sampled latency before the upgrade (mode add) and holds each backend message as long', async () => {
    const clock = new ManualClock();
    const ws = await wsBackend();
    mimicus = await start({ latency: { fixed: '100ms' } }, ws.url, clock);
    const { socket, seen } = connect(mimicus);
    await settle();
    expect(ws.upgrades()).toBe(0);
    clock.advance(100);
    await until(() => seen.open, 'the tunnel');
    socket.send('hi');
    await settle();
    clock.advance(99);
    await settle();
    expect(seen.messages).toEqual([]);
    clock.advance(1);
    await until(() => seen.messages.length === 1, 'the echo');
    expect(seen.messages).toEqual(['echo hi']);
  });

  it('holds the 101 until the sampled latency after arrival with mode total', async () => {
    const clock = new ManualClock();
    const ws = await wsBackend();
    mimicus = await start({ latency: { mode: 'total', fixed: '80ms' } }, ws.url, clock);
    const { seen } = connect(mimicus);
    await until(() => ws.upgrades() === 1, 'the backend upgrade');
    await settle();
    expect(seen.open).toBe(false);
    clock.advance(80);
    await until(() => seen.open, 'the tunnel');
  });

  it('paces the backend’s bytes at the bandwidth', async () => {
    const clock = new ManualClock();
    const ws = await wsBackend('x'.repeat(3000));
    mimicus = await start({ bandwidth: '1000B/s' }, ws.url, clock);
    const { seen } = connect(mimicus);
    await until(() => seen.open, 'the tunnel');
    await settle();
    clock.advance(2000);
    await settle();
    // 3,000 bytes and a 4-byte frame header at 1,000 B/s: not whole after 2 s, whole after 3.1 s.
    expect(seen.messages).toEqual([]);
    clock.advance(1100);
    await until(() => seen.messages.length === 1, 'the message');
    expect(seen.messages[0]).toHaveLength(3000);
  });

  it('dribbles each backend chunk in pieces over the time given', async () => {
    const clock = new ManualClock();
    const ws = await wsBackend('y'.repeat(40));
    mimicus = await start({ errors: [{ rate: 1, kind: 'dribble', chunks: 4, over: '300ms' }] }, ws.url, clock);
    const { seen } = connect(mimicus);
    await until(() => seen.open, 'the tunnel');
    await settle();
    clock.advance(299);
    await settle();
    expect(seen.messages).toEqual([]);
    clock.advance(1);
    await until(() => seen.messages.length === 1, 'the message');
    expect(seen.messages[0]).toBe('y'.repeat(40));
  });

  it('resets the tunnel after the given bytes, and the journal says so with the bytes each way', async () => {
    const ws = await wsBackend('z'.repeat(100));
    mimicus = await start({ errors: [{ rate: 1, kind: 'reset', after: 10 }] }, ws.url);
    const { seen } = connect(mimicus);
    await until(() => seen.closeCode !== 0, 'the close');
    expect(seen.messages).toEqual([]);
    expect(seen.closeCode).toBe(1006);
    const entry = await lastEntry(mimicus);
    expect(entry.status).toBe(101);
    expect(entry.applied.upstream).toMatchObject({ upstream: 'u', status: 101, outcome: 'reset', tunnel: { bytesToClient: 10 } });
  });

  it('tunnels with a corrupt fault drawn, and the journal says it did not act', async () => {
    const ws = await wsBackend();
    mimicus = await start({ errors: [{ rate: 1, kind: 'corrupt', truncate: 0.5 }] }, ws.url);
    const { socket, seen } = connect(mimicus);
    await until(() => seen.open, 'the tunnel');
    socket.send('intact');
    await until(() => seen.messages.length === 1, 'the echo');
    expect(seen.messages).toEqual(['echo intact']);
    socket.close();
    await until(() => seen.closeCode !== 0, 'the close');
    await settle();
    const entry = await lastEntry(mimicus);
    expect(entry.applied.fault).toContain('not applied');
  });

  it('journals a tunnel once it closes: 101, bytes each way, duration and outcome', async () => {
    const ws = await wsBackend();
    mimicus = await start({}, ws.url);
    const { socket, seen } = connect(mimicus, '/ws/room?x=1');
    await until(() => seen.open, 'the tunnel');
    socket.send('12345');
    await until(() => seen.messages.length === 1, 'the echo');
    socket.close();
    await until(() => seen.closeCode !== 0, 'the close');
    await settle();
    const entry = await lastEntry(mimicus);
    expect(entry.url).toBe('/ws/room?x=1');
    expect(entry.status).toBe(101);
    const upstream = entry.applied.upstream!;
    expect(upstream.outcome).toBe('complete');
    // Client frames are masked: 5 bytes of text are 11 on the wire, plus the close frame both ways.
    expect(upstream.tunnel!.bytesToBackend).toBeGreaterThanOrEqual(11);
    expect(upstream.tunnel!.bytesToClient).toBeGreaterThanOrEqual(12);
    expect(entry.timings.completeMs).toBeGreaterThanOrEqual(entry.timings.firstByteMs);
  });
});

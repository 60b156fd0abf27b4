import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import { createMimicus, type Mimicus } from '../../src/index.js';
import { startBackend, type Backend } from './backends.js';

let mimicus: Mimicus | undefined;
const backends: Backend[] = [];
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
});

async function start(config: object, clock?: ManualClock): Promise<Mimicus> {
  const started = await createMimicus(config, { dataDir: false, ...(clock ? { clock } : {}) });
  await started.listen(0, '127.0.0.1');
  return started;
}

/** A backend answering `body`, with a content-length unless `chunked`; `hold` delays the answer until released. */
async function serving(body: string | Buffer, options: { chunked?: boolean; hold?: Promise<void> } = {}): Promise<Backend> {
  const backend = await startBackend((_req, res) => {
    const answer = () => {
      if (options.chunked) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(body.slice(0, 10));
        res.end(body.slice(10));
      } else res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }).end(body);
    };
    if (options.hold) void options.hold.then(answer);
    else answer();
  });
  backends.push(backend);
  return backend;
}

/** A GET read as it arrives: the bytes so far, the head, and how it ended (an error code for a reset). */
function streaming(url: string) {
  const state = {
    status: 0,
    headers: {} as IncomingHttpHeaders,
    chunks: [] as Buffer[],
    get bytes(): number {
      return this.chunks.reduce((n, c) => n + c.length, 0);
    },
    get text(): string {
      return Buffer.concat(this.chunks).toString('latin1');
    },
    headAt: -1,
    ended: false,
    error: undefined as string | undefined,
  };
  const done = new Promise<void>((resolve) => {
    const req = httpRequest(url, { agent: false }, (res) => {
      state.status = res.statusCode ?? 0;
      state.headers = res.headers;
      res.on('data', (chunk: Buffer) => state.chunks.push(chunk));
      res.on('end', () => {
        state.ended = true;
        resolve();
      });
      res.on('error', (error: NodeJS.ErrnoException) => {
        state.error = error.code ?? error.message;
        resolve();
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      state.error = error.code ?? error.message;
      resolve();
    });
    req.end();
  });
  return { state, done };
}

/** Waits (on real I/O, not on the clock under test) until `condition` holds. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function lastEntry(m: Mimicus) {
  const { entries } = await m.journal.list({});
  return (await m.journal.get(entries[0]!.id))!;
}

/** A few event-loop turns and socket reads: long enough for bytes that were sent to arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

const proxied = (backend: Backend, endpoint: object) => ({
  version: 2,
  upstreams: [{ id: 'u', targets: [{ url: backend.url }] }],
  endpoints: [{ id: 'p', path: '/**', proxy: { upstream: 'u' }, ...endpoint }],
});

describe('corrupt on the real body', () => {
  it('truncates the backend body and states the new length', async () => {
    const body = JSON.stringify({ items: Array.from({ length: 20 }, (_, i) => i) });
    const backend = await serving(body);
    mimicus = await start(proxied(backend, { errors: [{ rate: 1, kind: 'corrupt', truncate: 0.5 }] }));
    const res = await fetch(`${mimicus.url}/x`);
    const text = await res.text();
    expect(text).toBe(body.slice(0, Math.floor(body.length / 2)));
    expect(res.headers.get('content-length')).toBe(String(Math.floor(body.length / 2)));
    expect(backend.seen).toHaveLength(1);
  });

  it('breaks the JSON of a chunked backend body (no content-length)', async () => {
    const body = JSON.stringify({ ok: true, list: [1, 2, 3], name: 'backend' });
    const backend = await serving(body, { chunked: true });
    mimicus = await start(proxied(backend, { errors: [{ rate: 1, kind: 'corrupt', invalidJson: true }] }));
    const res = await fetch(`${mimicus.url}/x`);
    const text = await res.text();
    expect(text).toBe(body.slice(0, -1));
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(res.headers.get('content-length')).toBe(String(body.length - 1));
  });

  it('sends a body larger than server.maxBodySize unchanged, and the journal says the fault did not act', async () => {
    const body = 'x'.repeat(4096);
    const backend = await serving(body);
    mimicus = await start({ ...proxied(backend, { errors: [{ rate: 1, kind: 'corrupt', truncate: 0.1 }] }), server: { maxBodySize: '1KiB' } });
    const res = await fetch(`${mimicus.url}/x`);
    expect(await res.text()).toBe(body);
    expect((await lastEntry(mimicus)).applied.fault).toMatch(/not applied: the body is larger than server.maxBodySize/);
  });
});

describe('reset in the middle of the real body', () => {
  it('sends the first `after` bytes of the backend body, then resets the connection', async () => {
    const backend = await serving('a'.repeat(10_000));
    mimicus = await start(proxied(backend, { errors: [{ rate: 1, kind: 'reset', after: 1000 }] }));
    const { state, done } = streaming(`${mimicus.url}/x`);
    await done;
    expect(state.status).toBe(200);
    expect(state.bytes).toBe(1000);
    expect(state.ended).toBe(false);
    expect(state.error).toBe('ECONNRESET');
  });

  it('cuts at half the stated length by default', async () => {
    const backend = await serving('b'.repeat(3000));
    mimicus = await start(proxied(backend, { errors: [{ rate: 1, kind: 'reset' }] }));
    const { state, done } = streaming(`${mimicus.url}/x`);
    await done;
    expect(state.bytes).toBe(1500);
    expect(state.error).toBe('ECONNRESET');
    // The backend request was answered in full; a later request still reaches it.
    expect(backend.seen).toHaveLength(1);
  });
});

describe('dribble and bandwidth on the real stream (ManualClock)', () => {
  it('dribbles the backend body in equal pieces over the configured time', async () => {
    const clock = new ManualClock();
    const backend = await serving('d'.repeat(400));
    mimicus = await start(proxied(backend, { errors: [{ rate: 1, kind: 'dribble', chunks: 4, over: '300ms' }] }), clock);
    const { state, done } = streaming(`${mimicus.url}/x`);
    await until(() => state.bytes >= 100, 'the first piece');
    await settle();
    expect(state.bytes).toBe(100);
    clock.advance(100);
    await until(() => state.bytes >= 200, 'the second piece');
    await settle();
    expect(state.bytes).toBe(200);
    clock.advance(99);
    await settle();
    expect(state.bytes).toBe(200);
    clock.advance(1);
    await until(() => state.bytes >= 300, 'the third piece');
    clock.advance(100);
    await done;
    expect(state.ended).toBe(true);
    expect(state.text).toBe('d'.repeat(400));
  });

  it('paces the backend body at the bandwidth', async () => {
    const clock = new ManualClock();
    const backend = await serving('e'.repeat(10_000));
    mimicus = await start(proxied(backend, { bandwidth: '10000B/s' }), clock);
    const { state, done } = streaming(`${mimicus.url}/x`);
    await until(() => state.status === 200, 'the head');
    await settle();
    expect(state.bytes).toBe(0);
    for (let ms = 0; ms < 500; ms += 15) clock.advance(15);
    await until(() => state.bytes >= 4500, 'half a second of bytes');
    await settle();
    // 10,000 B/s for ~500 ms: 5,000 bytes at most (one slice of slack either way).
    expect(state.bytes).toBeGreaterThanOrEqual(4800);
    expect(state.bytes).toBeLessThanOrEqual(5100);
    for (let ms = 0; ms < 600; ms += 15) clock.advance(15);
    await done;
    expect(state.text).toBe('e'.repeat(10_000));
  });
});

describe('latency mode on proxied endpoints (ManualClock)', () => {
  it('add (the default) waits the sampled latency before calling the backend', async () => {
    const clock = new ManualClock();
    const backend = await serving('ok');
    mimicus = await start(proxied(backend, { latency: { fixed: '200ms' } }), clock);
    const timers = clock.pendingTimers;
    const { state, done } = streaming(`${mimicus.url}/x`);
    await until(() => clock.pendingTimers > timers, 'the request to wait');
    await settle();
    expect(backend.seen).toHaveLength(0);
    clock.advance(200);
    await done;
    expect(backend.seen).toHaveLength(1);
    expect(state.text).toBe('ok');
  });

  it('total forwards at once and releases the answer no earlier than the sampled latency after arrival', async () => {
    const clock = new ManualClock();
    const backend = await serving('ok');
    mimicus = await start(proxied(backend, { latency: { fixed: '200ms', mode: 'total' } }), clock);
    const { state, done } = streaming(`${mimicus.url}/x`);
    await until(() => backend.seen.length === 1, 'the backend to be called');
    await settle();
    expect(state.status).toBe(0);
    clock.advance(199);
    await settle();
    expect(state.status).toBe(0);
    clock.advance(1);
    await done;
    expect(state.text).toBe('ok');
  });

  it('total counts the backend time: a backend slower than the latency adds nothing', async () => {
    const clock = new ManualClock();
    let release!: () => void;
    const backend = await serving('late', { hold: new Promise<void>((resolve) => (release = resolve)) });
    mimicus = await start(proxied(backend, { latency: { fixed: '200ms', mode: 'total' } }), clock);
    const { state, done } = streaming(`${mimicus.url}/x`);
    await until(() => backend.seen.length === 1, 'the backend to be called');
    clock.advance(300);
    release();
    // No clock movement after the backend answered: the answer is not held again.
    await done;
    expect(state.text).toBe('late');
    expect((await lastEntry(mimicus)).applied.delayMs).toBe(200);
  });
});

import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock/index.js';
import type { Mimicus } from '../src/index.js';
import { startMimicus } from './support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const SLOW = `
version: 2
server: { shutdownTimeout: 60s }
endpoints:
  - { id: slow, path: /slow, latency: { fixed: 120s }, response: { body: late } }
  - { id: quick, path: /quick, latency: { fixed: 500ms }, response: { body: quick } }
`;

/** Moves the clock a millisecond per event-loop turn until `done()` (what whileAdvancing does for one promise). */
async function advanceUntil(clock: ManualClock, done: () => boolean): Promise<void> {
  while (!done()) await clock.advanceAsync(1);
}

describe('graceful shutdown on the engine clock', () => {
  it('lets a request in flight finish within server.shutdownTimeout', async () => {
    const clock = new ManualClock();
    const server = (mimicus = await startMimicus(SLOW, { clock }));
    const answered = fetch(`${server.url}/quick`).then((res) => res.text());
    // A hundred event-loop turns: the request has arrived and waits out its latency.
    await advanceUntil(clock, () => clock.now() >= 100);
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await advanceUntil(clock, () => closed);
    mimicus = undefined;
    await closing;
    expect(await answered).toBe('quick');
    expect(clock.now()).toBeLessThan(60_000);
  });

  it('cuts a request still waiting when server.shutdownTimeout has passed on the clock', async () => {
    const clock = new ManualClock();
    const server = (mimicus = await startMimicus(SLOW, { clock }));
    const answered = fetch(`${server.url}/slow`).then(
      (res) => res.text(),
      (error: unknown) => error,
    );
    await advanceUntil(clock, () => clock.now() >= 100);
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await clock.advanceAsync(59_999);
    expect(closed).toBe(false);
    // The 60 s timeout passes on the clock (the 120 s latency has not): the waiting request is cut.
    // On host time the test would time out instead.
    await clock.advanceAsync(1);
    mimicus = undefined;
    await closing;
    expect(await answered).toBeInstanceOf(Error);
  });
});

const HELD = `
version: 2
server: { shutdownTimeout: 1s, maxBodySize: 64KB }
journal: false
endpoints:
  - { id: upload, method: POST, path: /upload, response: { status: 201, body: stored } }
  - { id: hang, path: /hang, errors: [ { rate: 1, kind: hang, max: 60s } ], response: { body: never } }
  - { id: slow, path: /slow, bandwidth: 1KiB/s, response: { body: '${'x'.repeat(60_000)}' } }
`;

/** Opens a raw connection, writes `text`, and keeps it open (reading what comes) until the test ends. */
function hold(port: number, text: string): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    socket.on('error', () => {});
    socket.on('data', () => {});
    socket.once('connect', () => {
      socket.write(text);
      resolve(socket);
    });
  });
}

describe('shutdown whatever clients hold', () => {
  it('closes within server.shutdownTimeout and a second while clients keep every kind of connection open', async () => {
    const server = (mimicus = await startMimicus(HELD, { dataDir: false }));
    const held = await Promise.all(
      [
        // Answered 405 and handed over by node:http: its closeAllConnections() does not know it.
        'CONNECT 127.0.0.1:80 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
        'POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc',
        `POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n${'a'.repeat(70_000)}`,
        'GET /hang HTTP/1.1\r\nHost: x\r\n\r\n',
        'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n',
        'GET /slow HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
        'GET /slow HTTP/1.1\r\nHost: x\r\n',
      ].map((text) => hold(server.port, text)),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    await server.close();
    mimicus = undefined;
    // 1 s for requests in flight, 1 s for answers to flush, then every connection is cut (slack for a loaded machine).
    expect(performance.now() - started).toBeLessThan(6_000);
    for (const socket of held) socket.destroy();
  }, 20_000);
});

import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { preparedResponse, request, startDeliveryServer, type DeliveryServer } from './delivery-server-for-tests.js';

let server: DeliveryServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const body = Buffer.alloc(10_000, 0x65);

/** A raw TCP client: shows what node:http hides, a reset (error ECONNRESET) versus a close (end). */
function rawRequest(port: number): Promise<{ received: Buffer; outcome: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n'));
    let outcome = 'open';
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => (outcome = 'end'));
    socket.on('error', (error: NodeJS.ErrnoException) => (outcome = error.code ?? 'error'));
    socket.on('close', () => resolve({ received: Buffer.concat(chunks), outcome }));
  });
}

describe('reset delivery', () => {
  it('sends the head and half the body, then a TCP reset: the node:http client fails with ECONNRESET', async () => {
    server = await startDeliveryServer(() => ({ response: preparedResponse(body), delivery: { kind: 'reset' } }));
    const result = await request(server.port, '/');
    expect(result.status).toBe(200);
    expect(result.body.length).toBe(5000);
    expect(result.error?.code).toBe('ECONNRESET');
    await server.deliveries[0]?.settled;
  });

  it('is a reset on the wire, not a close', async () => {
    server = await startDeliveryServer(() => ({ response: preparedResponse(body), delivery: { kind: 'reset' } }));
    const { received, outcome } = await rawRequest(server.port);
    expect(outcome).toBe('ECONNRESET');
    const text = received.toString('latin1');
    expect(text.startsWith('HTTP/1.1 200')).toBe(true);
    expect(received.length - (text.indexOf('\r\n\r\n') + 4)).toBe(5000);
  });
});

describe('empty delivery', () => {
  it('closes the connection without a response byte: the client sees a socket hang up', async () => {
    server = await startDeliveryServer(() => ({ response: preparedResponse(body), delivery: { kind: 'empty' } }));
    const result = await request(server.port, '/');
    expect(result.status).toBeUndefined();
    expect(result.error?.code).toBe('ECONNRESET');
    expect(result.error?.message).toBe('socket hang up');
    const raw = await rawRequest(server.port);
    expect(raw.received.length).toBe(0);
    await Promise.all(server.deliveries.map((d) => d.settled));
  });
});

describe('hang delivery', () => {
  it('answers nothing and closes the connection after maxMs', async () => {
    const clock = new ManualClock();
    server = await startDeliveryServer(() => ({ response: preparedResponse(body), delivery: { kind: 'hang', maxMs: 200 } }), clock);
    let ended = false;
    const answered = request(server.port, '/').finally(() => (ended = true));
    await waitFor(() => server?.deliveries.length === 1);
    // Not a byte, and still open, just before maxMs.
    await clock.advanceAsync(199);
    expect(ended).toBe(false);
    expect(server.deliveries[0]!.bytesWritten()).toBe(0);
    await clock.advanceAsync(1);
    const result = await answered;
    expect(result.status).toBeUndefined();
    expect(result.error?.code).toBe('ECONNRESET');
    await server.deliveries[0]?.settled;
    expect(clock.pendingTimers).toBe(0);
  });

  it('settles at once and drops its timer when the client leaves first', async () => {
    const clock = new ManualClock();
    server = await startDeliveryServer(() => ({ response: preparedResponse(body), delivery: { kind: 'hang', maxMs: 60_000 } }), clock);
    const socket = connect(server.port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n'));
    await waitFor(() => server?.deliveries.length === 1);
    expect(clock.pendingTimers).toBe(1);
    socket.destroy();
    await server.deliveries[0]?.settled;
    expect(clock.pendingTimers).toBe(0);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

import http from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { createRandom } from '../../distributions/index.js';
import { deliver } from './deliver.js';
import { preparedResponse, request, startDeliveryServer, type DeliveryServer } from './delivery-server-for-tests.js';
import type { Delivery } from './types.js';

let server: DeliveryServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const body = '{"hello":"world"}';

describe('deliver', () => {
  it('writes a whole response in one go and settles at once', async () => {
    server = await startDeliveryServer(() => ({ response: preparedResponse(body), delivery: { kind: 'whole' } }));
    const result = await request(server.port, '/');
    expect(result.status).toBe(200);
    expect(result.body.toString()).toBe(body);
    expect(result.reads).toHaveLength(1);
    expect(server.deliveries[0]?.settledMs).toBeDefined();
  });

  const kept: Delivery[] = [{ kind: 'whole' }, { kind: 'paced', bytesPerSecond: 1000 }, { kind: 'dribble', chunks: 3, overMs: 30 }];
  it.each(kept)('reuses the keep-alive connection after a $kind delivery', async (delivery) => {
    server = await startDeliveryServer((req) => ({ response: preparedResponse(body), delivery: req.url === '/first' ? delivery : { kind: 'whole' } }));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await request(server.port, '/first', { agent });
    const second = await request(server.port, '/second', { agent });
    agent.destroy();
    expect(first.body.toString()).toBe(body);
    expect(second.body.toString()).toBe(body);
    expect(server.connections()).toBe(1);
  });

  const broken: Delivery[] = [{ kind: 'reset' }, { kind: 'empty' }, { kind: 'hang', maxMs: 50 }];
  it.each(broken)('never reuses the connection after a $kind delivery', async (delivery) => {
    server = await startDeliveryServer((req) => ({ response: preparedResponse(body), delivery: req.url === '/first' ? delivery : { kind: 'whole' } }));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await request(server.port, '/first', { agent });
    const second = await request(server.port, '/second', { agent });
    agent.destroy();
    expect(first.error?.code).toBe('ECONNRESET');
    expect(second.body.toString()).toBe(body);
    expect(server.connections()).toBe(2);
  });

  it('answers a HEAD request at once, with nothing to pace', async () => {
    server = await startDeliveryServer(() => ({ response: preparedResponse('x'.repeat(10_000)), delivery: { kind: 'paced', bytesPerSecond: 1000 } }));
    const sentAt = performance.now();
    const result = await request(server.port, '/', { method: 'HEAD' });
    expect(result.status).toBe(200);
    expect(result.body.length).toBe(0);
    // Paced, the body would take 10 s.
    expect(result.endMs - sentAt).toBeLessThan(500);
  });

  it('settles and leaves no timer behind when the client leaves mid-way through a paced body', async () => {
    const clock = new ManualClock();
    server = await startDeliveryServer(() => ({ response: preparedResponse('x'.repeat(10_000)), delivery: { kind: 'paced', bytesPerSecond: 1000 } }), clock);
    const socket = connect(server.port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n'));
    let received = '';
    socket.on('data', (data: Buffer) => (received += data.toString('latin1')));
    await waitFor(() => received.includes('\r\n\r\n'));
    // The first body slice (15 bytes) is due 15 ms after the head.
    await clock.advanceAsync(15);
    await waitFor(() => received.endsWith('x'.repeat(15)));
    expect(clock.pendingTimers).toBe(1);
    socket.destroy();
    await server.deliveries[0]?.settled;
    // The 10 s body was abandoned at 15 ms, its timer cleared.
    expect(clock.pendingTimers).toBe(0);
    expect(clock.now()).toBe(15);
  });

  it('settles at once, with no timer, when the client left before the delivery started', async () => {
    const clock = new ManualClock();
    let arrived = false;
    let delivered: Promise<void> | undefined;
    const plain = http.createServer((_req, res) => {
      arrived = true;
      // Deliver only once the connection is gone, as when a latency wait outlived the client.
      res.on(
        'close',
        () => (delivered = deliver(res, preparedResponse(body), { kind: 'dribble', chunks: 2, overMs: 60_000 }, { random: createRandom(1), clock })),
      );
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const { port } = plain.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n'));
    socket.on('data', () => undefined);
    await waitFor(() => arrived);
    socket.destroy();
    await waitFor(() => delivered !== undefined);
    await delivered;
    expect(clock.pendingTimers).toBe(0);
    await new Promise<void>((resolve) => plain.close(() => resolve()));
  });
});

/** Waits on I/O turns, not on time. */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

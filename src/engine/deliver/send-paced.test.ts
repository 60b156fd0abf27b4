import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { preparedResponse, request, startDeliveryServer, type DeliveryServer } from './delivery-server-for-tests.js';

let server: DeliveryServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const KiB = 1024;

describe('paced delivery', () => {
  it('carries 1 MiB at 256 KiB/s in size/rate seconds, steadily: each moment, the bytes due by then', async () => {
    const clock = new ManualClock();
    const body = Buffer.alloc(1024 * KiB, 0x61);
    const rate = 256 * KiB;
    server = await startDeliveryServer(() => ({ response: preparedResponse(body), delivery: { kind: 'paced', bytesPerSecond: rate } }), clock);
    const answered = request(server.port, '/');
    await waitFor(() => server?.deliveries.length === 1);
    const delivery = server.deliveries[0]!;
    const head = delivery.bytesWritten();
    // Slices carry ~15 ms of transfer; slice k leaves when the link would have carried it.
    const slice = Math.round((rate * 15) / 1000);
    for (const atMs of [15, 500, 1000, 2000, 3000, 3990]) {
      await clock.advanceAsync(atMs - clock.now());
      const due = Math.floor((atMs * rate) / 1000 / slice) * slice;
      expect(Math.abs(delivery.bytesWritten() - head - due), `at ${atMs} ms`).toBeLessThanOrEqual(slice);
    }
    expect(delivery.settledMs).toBeUndefined();
    await clock.advanceAsync(10);
    const result = await answered;
    expect(result.error).toBeUndefined();
    expect(result.body.equals(body)).toBe(true);
    await delivery.settled;
    expect(clock.pendingTimers).toBe(0);
  });

  it('sends the head at once, before any body byte is due', async () => {
    const clock = new ManualClock();
    const body = Buffer.alloc(2 * KiB, 0x62);
    server = await startDeliveryServer(() => ({ response: preparedResponse(body), delivery: { kind: 'paced', bytesPerSecond: 4 * KiB } }), clock);
    const socket = connect(server.port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n'));
    let received = '';
    socket.on('data', (data: Buffer) => (received += data.toString('latin1')));
    // The clock stands still: the head comes anyway, and no body byte with it.
    await waitFor(() => received.includes('\r\n\r\n'));
    expect(received.endsWith('\r\n\r\n')).toBe(true);
    socket.destroy();
  });

  it('paces multi-byte text by bytes, and the client reads it intact', async () => {
    const clock = new ManualClock();
    const body = 'é€😀'.repeat(400); // 9 bytes per repeat: 3,600 bytes, slices cut through characters
    server = await startDeliveryServer(() => ({ response: preparedResponse(body), delivery: { kind: 'paced', bytesPerSecond: 12_000 } }), clock);
    let ended = false;
    const answered = request(server.port, '/').finally(() => (ended = true));
    await waitFor(() => server?.deliveries.length === 1);
    // 3,600 bytes at 12,000 B/s = 300 ms.
    await clock.advanceAsync(299);
    expect(ended).toBe(false);
    await clock.advanceAsync(1);
    const result = await answered;
    expect(result.body.toString('utf8')).toBe(body);
  });

  it('waits for a client that does not read (backpressure) instead of buffering the body in memory', async () => {
    const body = Buffer.alloc(8 * 1024 * KiB, 0x63);
    let peakBuffered = 0;
    server = await startDeliveryServer((req) => {
      const res = req.socket;
      const timer = setInterval(() => (peakBuffered = Math.max(peakBuffered, res.writableLength)), 5);
      res.once('close', () => clearInterval(timer));
      return { response: preparedResponse(body), delivery: { kind: 'paced', bytesPerSecond: 64 * 1024 * KiB } };
    });
    const socket = connect(server.port, '127.0.0.1');
    socket.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n');
    socket.pause(); // read nothing: kernel buffers fill, then the server must wait for 'drain'
    await new Promise((resolve) => setTimeout(resolve, 600));
    // At 64 MiB/s the 8 MiB body is due after 125 ms; without backpressure it would all sit in the
    // socket's user-space buffer. With it, at most about one slice (1 MiB) waits there.
    expect(peakBuffered).toBeLessThan(2 * 1024 * KiB);
    socket.destroy();
    await server.deliveries[0]?.settled;
  });
});

/** Waits on I/O turns, not on time. */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

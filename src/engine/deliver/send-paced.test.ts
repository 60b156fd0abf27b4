import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { preparedResponse, request, startDeliveryServer, type DeliveryServer } from './delivery-server-for-tests.js';

let server: DeliveryServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const KiB = 1024;

describe('paced delivery', () => {
  it('carries 1 MiB at 256 KiB/s in size/rate seconds, measured by a real client from first to last byte', async () => {
    const body = Buffer.alloc(1024 * KiB, 0x61);
    server = await startDeliveryServer(() => ({ response: preparedResponse(body), delivery: { kind: 'paced', bytesPerSecond: 256 * KiB } }));
    const result = await request(server.port, '/');

    expect(result.error).toBeUndefined();
    expect(result.body.equals(body)).toBe(true);
    // The head arrives at once, the last byte size/rate = 4 s later. 5% (±200 ms) leaves room for
    // ~270 timers firing late on a loaded machine, which cannot add up (targets are computed from
    // the start); pacing off by 2× would miss by 2 s.
    const elapsedMs = result.endMs - (result.headMs ?? Number.NaN);
    expect(elapsedMs).toBeGreaterThan(4000 * 0.95);
    expect(elapsedMs).toBeLessThan(4000 * 1.05);
    // Steady, not bursty: by the half-way time about half the body had arrived (±10% of the body).
    const atHalf = result.reads.filter((read) => read.atMs - (result.headMs ?? 0) <= 2000).at(-1)?.totalBytes ?? 0;
    expect(Math.abs(atHalf - body.length / 2)).toBeLessThan(body.length * 0.1);
  });

  it('sends the head at once, before any body byte is due', async () => {
    const body = Buffer.alloc(2 * KiB, 0x62);
    server = await startDeliveryServer(() => ({ response: preparedResponse(body), delivery: { kind: 'paced', bytesPerSecond: 4 * KiB } }));
    const sentAt = performance.now();
    const result = await request(server.port, '/');
    // 2 KiB at 4 KiB/s is 500 ms; the head must not wait for it (100 ms covers connect + a slow loop).
    expect((result.headMs ?? Infinity) - sentAt).toBeLessThan(100);
    expect(result.endMs - sentAt).toBeGreaterThan(450);
    expect(result.body.equals(body)).toBe(true);
  });

  it('paces multi-byte text by bytes, and the client reads it intact', async () => {
    const body = 'é€😀'.repeat(400); // 9 bytes per repeat: 3,600 bytes, slices cut through characters
    server = await startDeliveryServer(() => ({ response: preparedResponse(body), delivery: { kind: 'paced', bytesPerSecond: 12_000 } }));
    const result = await request(server.port, '/');
    expect(result.body.toString('utf8')).toBe(body);
    const elapsedMs = result.endMs - (result.headMs ?? Number.NaN);
    // 3,600 bytes at 12,000 B/s = 300 ms; ±25% since a short transfer feels a single late timer more.
    expect(elapsedMs).toBeGreaterThan(300 * 0.75);
    expect(elapsedMs).toBeLessThan(300 * 1.25);
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

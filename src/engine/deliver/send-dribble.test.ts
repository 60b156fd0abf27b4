import { afterEach, describe, expect, it } from 'vitest';
import { preparedResponse, request, startDeliveryServer, type DeliveryServer } from './delivery-server-for-tests.js';

let server: DeliveryServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** When the client had read at least `bytes`, in ms after the head arrived. */
function arrivalOf(result: Awaited<ReturnType<typeof request>>, bytes: number): number {
  const read = result.reads.find((r) => r.totalBytes >= bytes);
  return (read?.atMs ?? Number.NaN) - (result.headMs ?? Number.NaN);
}

describe('dribble delivery', () => {
  it('sends chunk i at i·over/(chunks−1): the first at once, the last at `over`', async () => {
    const body = Buffer.alloc(5000, 0x64);
    server = await startDeliveryServer(() => ({ response: preparedResponse(body), delivery: { kind: 'dribble', chunks: 5, overMs: 800 } }));
    const result = await request(server.port, '/');

    expect(result.error).toBeUndefined();
    expect(result.body.equals(body)).toBe(true);
    // Chunks of 1,000 bytes due at 0, 200, 400, 600, 800 ms after the head. ±60 ms absorbs a timer
    // or a client read delayed by a loaded machine; a 2× error in spacing would be off by 200+ ms.
    for (let i = 0; i < 5; i++) {
      expect(Math.abs(arrivalOf(result, (i + 1) * 1000) - i * 200), `chunk ${i}`).toBeLessThan(60);
    }
    // Total ≈ over: ±10%.
    const totalMs = result.endMs - (result.headMs ?? Number.NaN);
    expect(totalMs).toBeGreaterThan(800 * 0.9);
    expect(totalMs).toBeLessThan(800 * 1.1);
    // Five pieces, no more: nothing arrived between the schedule points.
    expect(result.reads.length).toBeLessThanOrEqual(5);
  });

  it('splits a body into nearly equal pieces (sizes differ by at most one byte)', async () => {
    const body = 'abcdefghij'; // 10 bytes in 3 pieces: 3, 3, 4
    server = await startDeliveryServer(() => ({ response: preparedResponse(body), delivery: { kind: 'dribble', chunks: 3, overMs: 200 } }));
    const result = await request(server.port, '/');
    expect(result.body.toString()).toBe(body);
    expect(result.reads.map((r) => r.totalBytes)).toEqual([3, 6, 10]);
  });

  it('keeps the schedule when the body has fewer bytes than chunks', async () => {
    server = await startDeliveryServer(() => ({ response: preparedResponse('ab'), delivery: { kind: 'dribble', chunks: 4, overMs: 300 } }));
    const result = await request(server.port, '/');
    expect(result.body.toString()).toBe('ab');
    // The last piece is due at 300 ms; ±60 ms as above.
    expect(Math.abs(result.endMs - (result.headMs ?? Number.NaN) - 300)).toBeLessThan(60);
  });
});

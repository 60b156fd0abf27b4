import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { preparedResponse, request, startDeliveryServer, type DeliveryServer } from './delivery-server-for-tests.js';

let server: DeliveryServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Waits on I/O turns, not on time. */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('dribble delivery', () => {
  it('sends chunk i at i·over/(chunks−1): the first at once, the last at `over`', async () => {
    const clock = new ManualClock();
    const body = Buffer.alloc(5000, 0x64);
    server = await startDeliveryServer(() => ({ response: preparedResponse(body), delivery: { kind: 'dribble', chunks: 5, overMs: 800 } }), clock);
    const answered = request(server.port, '/');
    await waitFor(() => server?.deliveries.length === 1);
    const delivery = server.deliveries[0]!;
    // Chunks of 1,000 bytes due at 0, 200, 400, 600, 800 ms: exactly then, not a millisecond before.
    const afterFirst = delivery.bytesWritten();
    for (let i = 1; i < 5; i++) {
      await clock.advanceAsync(199);
      expect(delivery.bytesWritten() - afterFirst, `before chunk ${i}`).toBe((i - 1) * 1000);
      await clock.advanceAsync(1);
      expect(delivery.bytesWritten() - afterFirst, `chunk ${i}`).toBe(i * 1000);
    }
    const result = await answered;
    expect(result.error).toBeUndefined();
    expect(result.body.equals(body)).toBe(true);
    expect(clock.now()).toBe(800);
  });

  it('splits a body into nearly equal pieces (sizes differ by at most one byte)', async () => {
    const clock = new ManualClock();
    const body = 'abcdefghij'; // 10 bytes in 3 pieces: 3, 3, 4
    server = await startDeliveryServer(() => ({ response: preparedResponse(body), delivery: { kind: 'dribble', chunks: 3, overMs: 200 } }), clock);
    const answered = request(server.port, '/');
    await waitFor(() => server?.deliveries.length === 1);
    const delivery = server.deliveries[0]!;
    const afterFirst = delivery.bytesWritten();
    await clock.advanceAsync(100);
    expect(delivery.bytesWritten() - afterFirst).toBe(3);
    await clock.advanceAsync(100);
    const result = await answered;
    expect(result.body.toString()).toBe(body);
    expect(result.reads.at(-1)?.totalBytes).toBe(10);
  });

  it('keeps the schedule when the body has fewer bytes than chunks', async () => {
    const clock = new ManualClock();
    server = await startDeliveryServer(() => ({ response: preparedResponse('ab'), delivery: { kind: 'dribble', chunks: 4, overMs: 300 } }), clock);
    let ended = false;
    const answered = request(server.port, '/').finally(() => (ended = true));
    await waitFor(() => server?.deliveries.length === 1);
    // The last piece is due at 300 ms.
    await clock.advanceAsync(299);
    expect(ended).toBe(false);
    await clock.advanceAsync(1);
    expect((await answered).body.toString()).toBe('ab');
  });
});

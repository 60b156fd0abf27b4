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

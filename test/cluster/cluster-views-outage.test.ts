import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMimicus, type Mimicus } from '../../src/index.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  redis?.resume();
  await redis?.stop();
});

const running: Mimicus[] = [];
afterEach(async () => {
  redis.resume();
  await Promise.all(running.splice(0).map((mimicus) => mimicus.close()));
});

let clusters = 0;
async function twoInstances(): Promise<Mimicus[]> {
  const keyPrefix = `outage-views-${clusters++}:`;
  return Promise.all(
    [0, 1].map(async () => {
      const mimicus = await createMimicus(
        { version: 2, state: { store: 'redis', url: redis.url, keyPrefix }, endpoints: [{ id: 'work', path: '/work', response: { body: 'ok' } }] },
        { dataDir: false, admin: { port: 0 } },
      );
      running.push(mimicus);
      await mimicus.listen(0, '127.0.0.1');
      await fetch(`${mimicus.url}/work`);
      return mimicus;
    }),
  );
}

const instanceIdOf = async (mimicus: Mimicus): Promise<string> =>
  ((await (await fetch(`${mimicus.adminUrl}/api/status`)).json()) as { cluster: { instanceId: string } }).cluster.instanceId;

/**
 * Every cluster read, as the console makes them. The signal is the hang detector: Redis gone must
 * answer, not leave the request open (the client fails fast, its commands time out after 2 s).
 */
function clusterReads(admin: string, other: string): Promise<Response>[] {
  const within = () => ({ signal: AbortSignal.timeout(8_000) });
  const instance = encodeURIComponent(other);
  return [
    fetch(`${admin}/api/metrics?scope=cluster`, within()),
    fetch(`${admin}/api/requests?scope=cluster`, within()),
    fetch(`${admin}/api/requests?instance=${instance}`, within()),
    fetch(`${admin}/api/requests/1?instance=${instance}`, within()),
    fetch(`${admin}/api/requests/count?scope=cluster`, {
      ...within(),
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }),
  ];
}

async function expectUnavailable(responses: Promise<Response>[]): Promise<void> {
  for (const response of await Promise.all(responses)) {
    expect(response.status, `${response.url}: ${await response.clone().text()}`).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'STATE_STORE_UNAVAILABLE' });
  }
}

/** Polls until every cluster read answers 200 again (the client reconnects every 50–500 ms). */
async function untilServed(admin: string, other: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const statuses = await Promise.all(clusterReads(admin, other).map((r) => r.then((response) => response.status)));
    // Each instance served one request, so the other's entry 1 is there.
    if (statuses.every((status) => status === 200)) return;
    if (Date.now() > deadline) throw new Error(`cluster reads still answer ${statuses.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('cluster views when Redis goes away mid-run', () => {
  it('answer 503 STATE_STORE_UNAVAILABLE at once when Redis is killed, serve this instance alone meanwhile, and come back with Redis', async () => {
    const [first, second] = await twoInstances();
    const other = await instanceIdOf(second!);
    await untilServed(first!.adminUrl!, other);

    await redis.kill();
    await expectUnavailable(clusterReads(first!.adminUrl!, other));
    // This instance's own views and its data plane do not need Redis.
    expect((await fetch(`${first!.adminUrl}/api/metrics`)).status).toBe(200);
    expect((await fetch(`${first!.adminUrl}/api/requests`)).status).toBe(200);
    expect(await (await fetch(`${first!.url}/work`)).text()).toBe('ok');

    await redis.restart();
    await untilServed(first!.adminUrl!, other);
  }, 60_000);

  it('answer 503 within the command timeout when Redis hangs (stopped, its connections open), not an open request', async () => {
    const [first, second] = await twoInstances();
    const other = await instanceIdOf(second!);
    await untilServed(first!.adminUrl!, other);

    redis.pause();
    await expectUnavailable(clusterReads(first!.adminUrl!, other));
    expect((await fetch(`${first!.adminUrl}/api/metrics`)).status).toBe(200);

    redis.resume();
    await untilServed(first!.adminUrl!, other);
  }, 60_000);
});

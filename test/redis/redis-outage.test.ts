import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../../src/index.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { startMimicus } from '../support/start-mimicus.js';

let redis: RedisServer | undefined;
const running: Mimicus[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((mimicus) => mimicus.close()));
  await redis?.stop();
});

const config = (url: string) => `
version: 2
state: { store: redis, url: "${url}", keyPrefix: "outage:" }
endpoints:
  - { id: count, method: POST, path: /count, state: { inc: [hits] }, response: { template: true, body: '{{state.get "hits"}}' } }
  - { id: limited, path: /limited, rateLimit: { rate: 1/h, burst: 2, key: global }, response: { body: limited } }
  - { id: plain, path: /plain, response: { body: plain } }
`;

async function hits(url: string): Promise<number> {
  const client = new Redis(url);
  try {
    return Number(JSON.parse((await client.hget('outage:{state}:values', 'global:var:hits')) ?? '0'));
  } finally {
    await client.quit();
  }
}

describe('Redis going away mid-load', () => {
  it('keeps serving, refuses state writes with 503 instead of losing them, falls back to local limits, and recovers within 5 s of its return', async () => {
    redis = await startRedisServer();
    const mimicus = await startMimicus(config(redis.url), { dataDir: false });
    running.push(mimicus);
    const post = () => fetch(`${mimicus.url}/count`, { method: 'POST' });

    let written = 0;
    for (let i = 0; i < 20; i++) if ((await post()).status === 200) written++;
    expect(written).toBe(20);
    expect(await hits(redis.url)).toBe(20);
    expect((await fetch(`${mimicus.url}/limited`)).status).toBe(200);

    // Load in flight while Redis dies: every answer is either a counted write or a 503 that says so.
    const inFlight = Array.from({ length: 50 }, () =>
      post().then(async (response) => ({ status: response.status, code: response.headers.get('x-mimicus-error') })),
    );
    await redis.kill();
    const during = await Promise.all(inFlight);
    for (const answer of during) expect([200, 503]).toContain(answer.status);
    const refused = await post();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('x-mimicus-error')).toBe('STATE_STORE_UNAVAILABLE');
    expect(await refused.json()).toMatchObject({ code: 'STATE_STORE_UNAVAILABLE' });
    // No crash: requests without state are served as before; the shared limit falls back to a bucket here.
    expect(await (await fetch(`${mimicus.url}/plain`)).text()).toBe('plain');
    expect([200, 429]).toContain((await fetch(`${mimicus.url}/limited`)).status);

    await redis.restart();
    const back = performance.now();
    let recoveredAfterMs: number | undefined;
    while (performance.now() - back < 10_000) {
      const response = await post();
      if (response.status === 200) {
        recoveredAfterMs = performance.now() - back;
        break;
      }
      expect(response.status).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(recoveredAfterMs).toBeDefined();
    expect(recoveredAfterMs!).toBeLessThan(5_000);
    // The restarted Redis kept nothing on disk (as configured): what was acknowledged since is all there.
    let since = 1;
    for (let i = 0; i < 10; i++) if ((await post()).status === 200) since++;
    expect(await hits(redis.url)).toBe(since);
  });
});

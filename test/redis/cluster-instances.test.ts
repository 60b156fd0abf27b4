import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import type { Mimicus } from '../../src/index.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { startMimicus } from '../support/start-mimicus.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis?.stop());

const running: Mimicus[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((mimicus) => mimicus.close()));
});

let clusters = 0;
/** Three instances of one config sharing a Redis under a key prefix of their own. */
async function threeInstances(endpoints: string, options: { clock?: ManualClock; admin?: { port: number } } = {}): Promise<Mimicus[]> {
  const yaml = `
version: 2
state: { store: redis, url: "${redis.url}", keyPrefix: "cluster-${clusters++}:" }
endpoints:
${endpoints}
`;
  const instances = await Promise.all([0, 1, 2].map(() => startMimicus(yaml, { dataDir: false, ...options })));
  running.push(...instances);
  return instances;
}

describe('three instances and one Redis', () => {
  it('admit rate × duration + burst (within 1%) across the three, hammered at 3× the rate', async () => {
    const clock = new ManualClock({ nowMs: 0, epochMs: Date.UTC(2026, 0, 1) });
    const instances = await threeInstances('  - { id: limited, path: /limited, rateLimit: { rate: 50/s, burst: 50, key: global }, response: { body: ok } }', {
      clock,
    });
    let admitted = 0;
    let refused = 0;
    // 10 s of time on the instances' clock, one request to each instance every 20 ms.
    for (let step = 0; step < 500; step++) {
      const statuses = await Promise.all(instances.map((mimicus) => fetch(`${mimicus.url}/limited`).then((response) => response.status)));
      for (const status of statuses) {
        if (status === 200) admitted++;
        else if (status === 429) refused++;
      }
      clock.advance(20);
    }
    const expected = 50 * 10 + 50;
    expect(admitted + refused).toBe(1500);
    expect(Math.abs(admitted - expected) / expected).toBeLessThan(0.01);
  }, 120_000); // 1,500 real requests: more than the default 20 s on a loaded machine

  it('list each other in /api/status', async () => {
    const instances = await threeInstances('  - { id: plain, path: /plain, response: { body: ok } }', { admin: { port: 0 } });
    const deadline = Date.now() + 10_000;
    let cluster: { instanceId: string; redisUp: boolean; instances: { id: string }[] } | undefined;
    for (;;) {
      cluster = ((await (await fetch(`${instances[0]!.adminUrl}/api/status`)).json()) as { cluster?: typeof cluster }).cluster;
      if ((cluster?.instances.length ?? 0) >= 3 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(cluster!.redisUp).toBe(true);
    expect(cluster!.instances).toHaveLength(3);
    expect(cluster!.instances.map((instance) => instance.id)).toContain(cluster!.instanceId);
  });

  it('keeps a scope: instance limit in each instance', async () => {
    const instances = await threeInstances(
      '  - { id: own, path: /own, rateLimit: { rate: 1/h, burst: 2, key: global, scope: instance }, response: { body: ok } }',
    );
    const statuses = [];
    for (const mimicus of instances) for (let i = 0; i < 3; i++) statuses.push((await fetch(`${mimicus.url}/own`)).status);
    expect(statuses).toEqual([200, 200, 429, 200, 200, 429, 200, 200, 429]);
  });

  it('give 1,000 concurrent sequence calls spread over the instances 1,000 distinct values', async () => {
    const instances = await threeInstances(
      `  - { id: order, method: POST, path: /orders, response: { template: true, body: '{{sequence "orders" start=1}}' } }`,
    );
    const values = await Promise.all(
      Array.from({ length: 1000 }, async (_, i) => Number(await (await fetch(`${instances[i % 3]!.url}/orders`, { method: 'POST' })).text())),
    );
    expect(new Set(values).size).toBe(1000);
    expect(Math.min(...values)).toBe(1);
    expect(Math.max(...values)).toBe(1000);
  }, 120_000); // 1,000 real requests: more than the default 20 s on a loaded machine

  it('read on one instance, at once, the state written on another', async () => {
    const instances =
      await threeInstances(`  - { id: login, method: POST, path: /login, state: { set: { user: '{{request.body.name}}' } }, response: { status: 204 } }
  - { id: me, path: /me, response: { template: true, body: 'user={{state.get "user"}}' } }`);
    for (let i = 0; i < 3; i++) {
      const name = `user-${i}`;
      const login = await fetch(`${instances[i]!.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      expect(login.status).toBe(204);
      const next = instances[(i + 1) % 3]!;
      expect(await (await fetch(`${next.url}/me`)).text()).toBe(`user=${name}`);
    }
  });

  it('share CRUD collections: an item created on one instance is listed by the others', async () => {
    const instances = await threeInstances(`  - { id: users, path: /users, crud: { collection: users } }`);
    const created = await fetch(`${instances[0]!.url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ada' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    for (const mimicus of instances.slice(1)) {
      const item = await fetch(`${mimicus.url}/users/${id}`);
      expect(item.status).toBe(200);
      expect(await item.json()).toMatchObject({ name: 'ada' });
    }
  });
});

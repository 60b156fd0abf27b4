import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { Mimicus } from '../../src/index.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { readDeployFile, serveDeployedConfig } from './deploy-files.js';

/** deploy/compose/mimicus.yaml as written, but for the Redis address: the service name `redis` is this test's redis-server. */
function composeConfigAt(redisUrl: string): string {
  const document = parseDocument(readDeployFile('compose/mimicus.yaml'));
  expect(document.getIn(['state', 'store'])).toBe('redis');
  document.setIn(['state', 'url'], redisUrl);
  return String(document);
}

/**
 * The compose cluster's three instances, run as processes here (there is no container engine):
 * each serves the deployed config with its Redis store, on one real redis-server, as the compose
 * file starts them; requests go to each in turn, as nginx's round robin sends them.
 */
describe('deploy/compose.yaml: three instances of its config on one real Redis', () => {
  const keys = { MIMICUS_ADMIN_KEY: 'compose-admin-key-0123456789', MIMICUS_METRICS_KEY: 'compose-read-key-0123456789' };
  let redis: RedisServer;
  const instances: Mimicus[] = [];
  const nth = (i: number) => instances[i % instances.length]!;

  beforeAll(async () => {
    redis = await startRedisServer();
    const text = composeConfigAt(redis.url);
    for (let i = 0; i < 3; i++) instances.push(await serveDeployedConfig(text, keys));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(instances.map((mimicus) => mimicus.close()));
    await redis?.stop();
  });

  it('shares the order sequence, the products collection and the quota across the instances', async () => {
    const orders = [];
    for (let i = 0; i < 6; i++) orders.push(((await (await fetch(`${nth(i).url}/api/orders`, { method: 'POST' })).json()) as { orderId: number }).orderId);
    expect(orders).toEqual([1000, 1001, 1002, 1003, 1004, 1005]);

    const created = await fetch(`${nth(0).url}/api/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Chisel', price: 12 }),
    });
    expect(created.status).toBe(201);
    for (const mimicus of instances) {
      expect(await (await fetch(`${mimicus.url}/api/products`)).json()).toEqual([expect.objectContaining({ name: 'Chisel', price: 12 })]);
    }

    // `rate: 50/s, burst: 100, key: global`: one bucket in Redis. 240 requests in turn over the three
    // within well under a second admit the burst plus what refills meanwhile, not 3 × 100.
    const started = performance.now();
    const statuses = await Promise.all(Array.from({ length: 240 }, (_, i) => fetch(`${nth(i).url}/api/quota`).then((r) => r.status)));
    const seconds = (performance.now() - started) / 1000;
    const admitted = statuses.filter((status) => status === 200).length;
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(admitted).toBeGreaterThanOrEqual(100);
    expect(admitted).toBeLessThanOrEqual(Math.ceil(100 + 50 * seconds) + 1);
  }, 60_000);

  it('lists the three instances and applies an admin edit made on one on all', async () => {
    const admin = { authorization: `Bearer ${keys.MIMICUS_ADMIN_KEY}` };
    // Each instance reads the others back on its 2 s heartbeat (instance-registry.ts): an instance
    // started last may not be in the first one's list yet. Polled, bounded by the test's timeout.
    const instancesSeen = async () =>
      ((await (await fetch(`${nth(0).adminUrl}/api/status`, { headers: admin })).json()) as { cluster: { instances: unknown[] } }).cluster.instances;
    let seen = await instancesSeen();
    while (seen.length < 3) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen = await instancesSeen();
    }
    expect(seen).toHaveLength(3);

    const config = (await (await fetch(`${nth(1).adminUrl}/api/config`, { headers: admin })).json()) as {
      endpoints: { id: string; response?: { json?: unknown } }[];
    };
    config.endpoints.find((endpoint) => endpoint.id === 'health')!.response!.json = { status: 'edited' };
    const put = await fetch(`${nth(1).adminUrl}/api/config`, {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify(config),
    });
    expect(put.status, await put.clone().text()).toBe(200);
    // Pub/sub: the others apply it within 200 ms on a quiet machine; polled here, bounded by the test's timeout.
    for (const mimicus of instances) {
      while (((await (await fetch(`${mimicus.url}/api/health`)).json()) as { status: string }).status !== 'edited') {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }, 60_000);
});

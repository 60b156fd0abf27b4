import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMimicus, type Mimicus } from '../../src/index.js';
import type { JournalList, MetricsSnapshot } from '../../src/contract/index.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

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
/** Three instances sharing a Redis and a key prefix; each with its own fixed latency (their own config until an edit). */
async function threeInstances(latencies: readonly string[]): Promise<{ instances: Mimicus[]; ids: string[] }> {
  const keyPrefix = `views-${clusters++}:`;
  const instances = await Promise.all(
    latencies.map(async (fixed) => {
      const mimicus = await createMimicus(
        {
          version: 2,
          state: { store: 'redis', url: redis.url, keyPrefix },
          endpoints: [{ id: 'work', path: '/work', latency: { fixed }, response: { body: 'ok' } }],
        },
        { dataDir: false, admin: { port: 0 } },
      );
      running.push(mimicus);
      await mimicus.listen(0, '127.0.0.1');
      return mimicus;
    }),
  );
  const ids = await Promise.all(
    instances.map(
      async (mimicus) => ((await (await fetch(`${mimicus.adminUrl}/api/status`)).json()) as { cluster: { instanceId: string } }).cluster.instanceId,
    ),
  );
  return { instances, ids };
}

async function get<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
}

/** Polls until `ready` holds (instances publish their metrics every 2 s). */
async function until<T>(read: () => Promise<T>, ready: (value: T) => boolean, withinMs = 15_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (ready(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('cluster views over one Redis', () => {
  it('merge the instances’ metrics with exact percentiles from their histograms, and their journals newest first', async () => {
    const { instances, ids } = await threeInstances(['5ms', '50ms', '100ms']);
    const sent = [20, 20, 10];
    await Promise.all(
      instances.map(async (mimicus, i) => Promise.all(Array.from({ length: sent[i]! }, () => fetch(`${mimicus.url}/work`).then((r) => r.text())))),
    );

    const metrics = await until(
      () => get<MetricsSnapshot>(`${instances[0]!.adminUrl}/api/metrics?scope=cluster`),
      (snapshot) => snapshot.windows['1m'].overall.requests === 50,
    );
    expect(metrics.instances!.map((instance) => instance.id).sort()).toEqual([...ids].sort());
    const intended = metrics.windows['1m'].overall.intended!;
    // 20 × 5 ms, 20 × 50 ms, 10 × 100 ms: the 25th value is 50 ms, the 48th 100 ms. The count-weighted
    // mean of the instances' own p50s would read 32 ms, of their p95s 42 ms.
    expect(intended.count).toBe(50);
    // Within the histograms' 1% (the engine records the delay it waited, a few µs off the configured one).
    expect(Math.abs(intended.minMs - 5) / 5).toBeLessThanOrEqual(0.01);
    expect(Math.abs(intended.maxMs - 100) / 100).toBeLessThanOrEqual(0.01);
    expect(Math.abs(intended.p50Ms - 50) / 50).toBeLessThanOrEqual(0.01);
    expect(Math.abs(intended.p95Ms - 100) / 100).toBeLessThanOrEqual(0.01);
    expect(metrics.windows['1m'].endpoints.map((e) => [e.endpoint, e.requests])).toEqual([['work', 50]]);
    // Without scope, this instance alone.
    expect((await get<MetricsSnapshot>(`${instances[0]!.adminUrl}/api/metrics`)).windows['1m'].overall.requests).toBe(20);

    // The journal: every instance's entries, paged, newest first, each naming its instance.
    const seen: JournalList['items'][number][] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await get<JournalList>(`${instances[1]!.adminUrl}/api/requests?scope=cluster&limit=15${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.unanswered).toEqual([]);
      seen.push(...page.items);
      cursor = page.nextCursor;
      if (cursor === undefined) break;
    }
    expect(seen).toHaveLength(50);
    expect(new Set(seen.map((entry) => `${entry.instance}/${entry.id}`)).size).toBe(50);
    // Merged newest head first; each instance's entries keep its own journal's order (newest id first).
    for (const id of ids) {
      const own = seen.filter((entry) => entry.instance === id).map((entry) => Number(entry.id));
      expect(own).toEqual([...own].sort((a, b) => b - a));
    }
    expect(ids.map((id) => seen.filter((entry) => entry.instance === id).length)).toEqual(sent);

    // One instance's journal, read through another; one entry of it; counts across the cluster.
    const third = await get<JournalList>(`${instances[0]!.adminUrl}/api/requests?instance=${encodeURIComponent(ids[2]!)}`);
    expect(third.items).toHaveLength(10);
    expect(third.items.every((entry) => entry.instance === ids[2])).toBe(true);
    const entry = await get<{ id: string; applied: { delayMs: number } }>(
      `${instances[0]!.adminUrl}/api/requests/${third.items[0]!.id}?instance=${encodeURIComponent(ids[2]!)}`,
    );
    expect(Math.abs(entry.applied.delayMs - 100)).toBeLessThanOrEqual(1);
    const counted = await fetch(`${instances[2]!.adminUrl}/api/requests/count?scope=cluster`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: 'work', status: 200 }),
    });
    expect(await counted.json()).toMatchObject({ count: 50, unanswered: [] });
  }, 60_000);

  it('answer 400 for scope=cluster on an instance without Redis', async () => {
    const alone = await createMimicus({ version: 2, endpoints: [{ id: 'a', path: '/a', response: { body: 'ok' } }] }, { dataDir: false, admin: { port: 0 } });
    running.push(alone);
    await alone.listen(0, '127.0.0.1');
    expect((await fetch(`${alone.adminUrl}/api/metrics?scope=cluster`)).status).toBe(400);
    expect((await fetch(`${alone.adminUrl}/api/requests?scope=cluster`)).status).toBe(400);
    expect((await fetch(`${alone.adminUrl}/api/requests?scope=everywhere`)).status).toBe(400);
  });
});

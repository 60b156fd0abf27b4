import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
function configFor(prefix: string, greeting: string, extra = '') {
  return {
    version: 2,
    state: { store: 'redis', url: redis.url, keyPrefix: prefix },
    endpoints: [{ id: 'hello', path: '/hello', response: { body: greeting } }, ...(extra ? [JSON.parse(extra) as object] : [])],
  };
}

async function threeInstances(files: Record<string, string>[] = [{}, {}, {}]): Promise<{ instances: Mimicus[]; prefix: string }> {
  const prefix = `config-${clusters++}:`;
  const yaml = JSON.stringify(configFor(prefix, 'v1'));
  const instances = await Promise.all(files.map((side) => startMimicus(yaml, { dataDir: false, files: side })));
  running.push(...instances);
  return { instances, prefix };
}

const body = async (mimicus: Mimicus, path: string) => {
  const response = await fetch(`${mimicus.url}${path}`);
  return `${response.status} ${await response.text()}`;
};

/** Polls every instance until `path` answers `expected` on all; answers the milliseconds it took. */
async function untilAll(instances: Mimicus[], path: string, expected: string, timeoutMs = 5_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const seen = await Promise.all(instances.map((mimicus) => body(mimicus, path)));
    if (seen.every((text) => text === expected)) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`after ${timeoutMs} ms: ${seen.join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Milliseconds until every instance serves a Plan other than `before`, checked on every turn of the event loop. */
async function untilSwapped(instances: Mimicus[], before: readonly unknown[], timeoutMs = 5_000): Promise<number> {
  const started = performance.now();
  while (!instances.every((mimicus, i) => mimicus.plan !== before[i])) {
    if (performance.now() - started > timeoutMs) throw new Error(`not every instance swapped its Plan after ${timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return performance.now() - started;
}

describe('config across instances', () => {
  it('applies an edit made on one instance on all of them within 200 ms', async () => {
    const { instances, prefix } = await threeInstances();
    for (const [from, greeting] of [
      [1, 'v2'],
      [2, 'v3'],
      [0, 'v4'],
    ] as const) {
      const before = instances.map((mimicus) => mimicus.plan);
      const started = performance.now();
      const result = await instances[from]!.reload(configFor(prefix, greeting));
      expect(result.changed).toBe(true);
      // Timed in process (the three share this event loop), from the edit until each serves the new Plan.
      expect(performance.now() - started + (await untilSwapped(instances, before))).toBeLessThan(200);
      expect(await Promise.all(instances.map((mimicus) => body(mimicus, '/hello')))).toEqual([`200 ${greeting}`, `200 ${greeting}`, `200 ${greeting}`]);
    }
  });

  it('reports a version one instance refuses, which keeps serving its previous config whole', async () => {
    // Only the first instance has the body file the new version names: the others cannot apply it.
    const { instances, prefix } = await threeInstances([{ 'greeting.txt': 'from a file' }, {}, {}]);
    const edit = configFor(prefix, 'v2', JSON.stringify({ id: 'filed', path: '/filed', response: { bodyFile: 'greeting.txt' } }));
    await instances[0]!.reload(edit);
    expect(await body(instances[0]!, '/filed')).toBe('200 from a file');
    expect(await body(instances[0]!, '/hello')).toBe('200 v2');

    const client = new Redis(redis.url);
    try {
      const deadline = Date.now() + 5_000;
      let reports: Record<string, string> = {};
      while (Object.keys(reports).length < 3 && Date.now() < deadline) {
        reports = await client.hgetall(`${prefix}{config}:reports:1`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const outcomes = Object.values(reports).map((text) => JSON.parse(text) as { ok: boolean; detail?: string });
      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
      expect(outcomes.filter((outcome) => !outcome.ok)).toHaveLength(2);
      expect(outcomes.find((outcome) => !outcome.ok)!.detail).toContain('greeting.txt');
    } finally {
      await client.quit();
    }
    // Not half-applied: the refusing instances serve v1 whole (no /filed, the old greeting).
    for (const mimicus of instances.slice(1)) {
      expect(await body(mimicus, '/hello')).toBe('200 v1');
      expect((await body(mimicus, '/filed')).startsWith('404')).toBe(true);
    }
  });

  it('keeps clusters with different key prefixes apart', async () => {
    const first = await threeInstances();
    const second = await threeInstances();
    await first.instances[0]!.reload(configFor(first.prefix, 'first only'));
    await untilAll(first.instances, '/hello', '200 first only');
    expect(await Promise.all(second.instances.map((mimicus) => body(mimicus, '/hello')))).toEqual(['200 v1', '200 v1', '200 v1']);
  });
});

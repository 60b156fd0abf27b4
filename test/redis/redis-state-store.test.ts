import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStateStoreExpiry } from '../../src/state/state-store-expiry.contract.js';
import { describeStateStore } from '../../src/state/state-store.contract.js';
import { openRedisStateStore } from '../../src/state/index.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis?.stop());

// Every store opened gets a key prefix of its own: the contract expects a fresh, empty store.
let stores = 0;
const fresh = () => ({ url: redis.url, keyPrefix: `contract-${stores++}:` });

describeStateStore('redis', (options) => openRedisStateStore({ ...options, ...fresh() }));
describeStateStoreExpiry('redis', (options) => openRedisStateStore({ ...options, ...fresh() }));

describe('redis StateStore across instances', () => {
  it('gives 1,000 concurrent increments spread over three instances 1,000 distinct values', async () => {
    const shared = fresh();
    const instances = await Promise.all([0, 1, 2].map(() => openRedisStateStore({ ...shared, purgeIntervalMs: 0 })));
    try {
      const values = await Promise.all(Array.from({ length: 1000 }, (_, i) => instances[i % 3]!.increment('global:seq')));
      expect(new Set(values).size).toBe(1000);
      expect(Math.max(...values)).toBe(1000);
    } finally {
      await Promise.all(instances.map((store) => store.close()));
    }
  });

  it('reads on one instance what another wrote, at once', async () => {
    const shared = fresh();
    const [a, b] = await Promise.all([0, 1].map(() => openRedisStateStore({ ...shared, purgeIntervalMs: 0 })));
    try {
      await a!.set('global:cart', { items: ['x'] });
      expect(await b!.get('global:cart')).toEqual({ items: ['x'] });
    } finally {
      await Promise.all([a!.close(), b!.close()]);
    }
  });

  it('lets one compareAndSet of many from several instances win', async () => {
    const shared = fresh();
    const instances = await Promise.all([0, 1, 2].map(() => openRedisStateStore({ ...shared, purgeIntervalMs: 0 })));
    try {
      await instances[0]!.set('global:state', 'cart');
      const wins = await Promise.all(Array.from({ length: 60 }, (_, i) => instances[i % 3]!.compareAndSet('global:state', 'cart', `paid-${i}`)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    } finally {
      await Promise.all(instances.map((store) => store.close()));
    }
  });

  it('keeps stores with different key prefixes apart', async () => {
    const [a, b] = await Promise.all([fresh(), fresh()].map((options) => openRedisStateStore({ ...options, purgeIntervalMs: 0 })));
    try {
      await a!.set('k', 1);
      expect(await b!.get('k')).toBeUndefined();
    } finally {
      await Promise.all([a!.close(), b!.close()]);
    }
  });

  it('refuses with STATE_STORE_UNAVAILABLE while Redis is down, then serves again once it is back', async () => {
    const own = await startRedisServer();
    const store = await openRedisStateStore({ url: own.url, purgeIntervalMs: 0 });
    try {
      await store.set('k', 1);
      await own.kill();
      await expect(store.set('k', 2)).rejects.toMatchObject({ code: 'STATE_STORE_UNAVAILABLE', status: 503 });
      await expect(store.get('k')).rejects.toMatchObject({ code: 'STATE_STORE_UNAVAILABLE' });
      await own.restart();
      const deadline = Date.now() + 5_000;
      let value: unknown;
      for (;;) {
        value = await store.set('k', 3).then(
          () => 'written',
          (error: { code?: string }) => error.code,
        );
        if (value === 'written' || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(value).toBe('written');
      expect(await store.get('k')).toBe(3);
    } finally {
      await store.close();
      await own.stop();
    }
  });

  it('refuses to open with STATE_STORE_UNAVAILABLE when nothing listens', async () => {
    const own = await startRedisServer();
    await own.stop();
    await expect(openRedisStateStore({ url: own.url })).rejects.toMatchObject({ code: 'STATE_STORE_UNAVAILABLE' });
  });
});

import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { createRedisRateLimitStore } from '../../src/cluster/redis-rate-limit-store.js';
import { describeRateLimitStore } from '../../src/engine/behaviors/rate-limit-store.contract.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});
afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

// A prefix per store: the contract expects a fresh, empty one.
let stores = 0;
describeRateLimitStore('redis', async () => createRedisRateLimitStore({ redis, keyPrefix: `limits-${stores++}:` }));

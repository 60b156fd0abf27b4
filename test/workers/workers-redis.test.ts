import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { get, startWorkers, type Workers } from '../support/serve-workers.js';

describe('mimicus serve --workers 2 with state in Redis', () => {
  let redis: RedisServer;
  let cluster: Workers;

  beforeAll(async () => {
    redis = await startRedisServer();
    const config = `version: 2
state: { store: redis, url: "${redis.url}", keyPrefix: "workers:" }
endpoints:
  - id: limited
    method: GET
    path: /limited
    rateLimit: { rate: 1/m, burst: 50, key: global }
    response: { status: 200, body: 'ok' }
`;
    cluster = await startWorkers(mkdtempSync(join(tmpdir(), 'mimicus-workers-redis-')), config);
  }, 60_000);

  afterAll(async () => {
    if (cluster && cluster.child.exitCode === null) {
      cluster.child.kill('SIGKILL');
      await cluster.exited;
    }
    await redis?.stop();
  });

  it('takes its rate-limit tokens from the Redis bucket, which other instances share, not from a file on this machine', async () => {
    const statuses = await Promise.all(Array.from({ length: 300 }, () => get(`${cluster.url}/limited`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(statuses.filter((s) => s === 429)).toHaveLength(250);
    const client = new Redis(redis.url);
    try {
      expect((await client.keys('workers:{rl:*')).length).toBeGreaterThan(0);
    } finally {
      await client.quit();
    }
  }, 60_000);
});

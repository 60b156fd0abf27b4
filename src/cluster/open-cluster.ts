import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Clock } from '../clock/index.js';
import { createMemoryRateLimitStore, type RateLimitStore } from '../engine/index.js';
import type { Logger } from '../observe/index.js';
import { openRedisConnection, redactRedisUrl } from '../state/index.js';
import { createClusterRateLimitStore } from './cluster-rate-limit-store.js';
import { createRedisRateLimitStore } from './redis-rate-limit-store.js';
import { watchRedisHealth, type RedisHealth } from './redis-health.js';

export interface ClusterOptions {
  readonly url: string;
  /** `state.keyPrefix`, default `mimicus:`. */
  readonly keyPrefix?: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Redis went away or came back: the app publishes the `warning` event given. */
  readonly onRedisChange: (up: boolean, warning: { type: 'warning'; data: { message: string; code: string } }) => void;
}

/** This instance's link to the others, over one Redis. */
export interface Cluster {
  /** Unique per process: `<host>:<pid>:<random>`. */
  readonly instanceId: string;
  readonly keyPrefix: string;
  /** Commands (scripts, reads, publishes); never used for SUBSCRIBE. */
  readonly redis: Redis;
  readonly health: RedisHealth;
  /** Rate-limit buckets: shared in Redis, local for `scope: instance` and while Redis is away. */
  readonly rateLimitStore: RateLimitStore;
  /** Opens another connection (pub/sub needs one of its own). */
  connect(name: string): Promise<Redis>;
  close(): Promise<void>;
}

/**
 * Opens the command connection. Redis down at start is not fatal: the instance serves with local
 * rate limits and joins when Redis answers (the client keeps trying); only state needs it at once.
 */
export async function openCluster(options: ClusterOptions): Promise<Cluster> {
  const keyPrefix = options.keyPrefix ?? 'mimicus:';
  const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const where = redactRedisUrl(options.url);
  const opened: Redis[] = [];
  const connect = async (name: string): Promise<Redis> => {
    const connection = await openRedisConnection({
      url: options.url,
      name: `mimicus-${name}`,
      // Each outage is reported once, by the health watch below: the client's own errors repeat every retry.
      onError: () => undefined,
      lazy: true,
    });
    opened.push(connection);
    return connection;
  };
  const redis = await connect('cluster');
  const health = watchRedisHealth(redis, {
    onChange(up, cause) {
      const message = up
        ? `Redis at ${where} answers again: rate limits are shared and state is served again`
        : `Redis at ${where} cannot be reached: rate limits fall back to buckets in each instance, state requests answer 503 STATE_STORE_UNAVAILABLE`;
      if (up) options.logger.info({ instanceId }, message);
      else options.logger.warn({ instanceId, err: cause }, message);
      options.onRedisChange(up, { type: 'warning', data: { message, code: up ? 'REDIS_RECOVERED' : 'REDIS_UNAVAILABLE' } });
    },
  });
  const rateLimitStore = createClusterRateLimitStore({
    shared: createRedisRateLimitStore({
      redis,
      keyPrefix,
      // Monotonic readings of two processes have different origins: buckets shared between them run on epoch time.
      sharedNowMs: () => options.clock.epochMs(),
    }),
    local: createMemoryRateLimitStore(),
    health,
  });
  return {
    instanceId,
    keyPrefix,
    redis,
    health,
    rateLimitStore,
    connect,
    async close() {
      await Promise.all(opened.map((connection) => connection.quit().catch(() => connection.disconnect())));
    },
  };
}

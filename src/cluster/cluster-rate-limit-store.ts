import type { RateLimitStore } from '../engine/index.js';
import type { SharedRateLimitStore } from './redis-rate-limit-store.js';
import type { RedisHealth } from './redis-health.js';

export interface ClusterRateLimitStoreOptions {
  /** Buckets in Redis (createRedisRateLimitStore). */
  readonly shared: SharedRateLimitStore;
  /** Buckets in this process: `scope: instance` limits, and every limit while Redis is away. */
  readonly local: RateLimitStore;
  readonly health: RedisHealth;
}

/**
 * Rate limits with Redis configured: `scope: cluster` (the default) in Redis, `scope: instance`
 * here. While Redis is away each instance falls back to its own buckets at once, without waiting
 * on a connection that is known down (so the cluster admits up to N × the limit for that time,
 * which the warning says), and returns to the shared buckets when Redis answers again.
 */
export function createClusterRateLimitStore(options: ClusterRateLimitStoreOptions): RateLimitStore {
  const { shared, local, health } = options;
  return {
    take(bucket, key, limit, nowMs) {
      if (limit.scope === 'instance') return local.take(bucket, key, limit, nowMs);
      if (!health.isUp()) {
        health.fellBack();
        return local.take(bucket, key, limit, nowMs);
      }
      return shared.take(bucket, key, limit, nowMs).catch((error: unknown) => {
        health.fellBack(error);
        return local.take(bucket, key, limit, nowMs);
      });
    },
  };
}

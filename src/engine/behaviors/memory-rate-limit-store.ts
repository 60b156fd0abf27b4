import { LruMap } from './lru-map.js';
import type { RateLimitOutcome, RateLimitStore, TokenBucketLimit } from './rate-limit-store.js';

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * Float sums like 0.1 + 0.2 land just under a whole token; without the slack a request arriving
 * exactly when its token is due would be refused.
 */
const EPSILON = 1e-9;

/** Seconds rounded up to whole ones, with the same slack, never negative. */
const wholeSeconds = (seconds: number): number => Math.max(0, Math.ceil(seconds - EPSILON));

/**
 * What a take tells the request, from whether it got a token and the tokens left after it: the
 * same arithmetic for a bucket in this process and one in Redis.
 */
export function bucketOutcome(allowed: boolean, tokens: number, limit: TokenBucketLimit): RateLimitOutcome {
  const rate = limit.tokensPerSecond;
  const resetSeconds = wholeSeconds((limit.burst - tokens) / rate);
  if (allowed) return { allowed: true, remaining: Math.floor(tokens + EPSILON), resetSeconds };
  // Retry-After of 0 would invite an immediate retry that is refused again.
  return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, wholeSeconds((1 - tokens) / rate)), resetSeconds };
}

/**
 * Token buckets in this process, refilled lazily on each take (no timers, so an idle store costs
 * nothing). Each bucket name keeps at most `maxKeys` keys, the least recently used forgotten
 * first (a forgotten key starts full again).
 */
export function createMemoryRateLimitStore(): RateLimitStore {
  const names = new Map<string, LruMap<string, Bucket>>();

  const bucketsOf = (name: string, maxKeys: number): LruMap<string, Bucket> => {
    let buckets = names.get(name);
    if (buckets === undefined) {
      buckets = new LruMap(maxKeys);
      names.set(name, buckets);
    }
    return buckets;
  };

  return {
    take(name, key, limit, nowMs) {
      const buckets = bucketsOf(name, limit.maxKeys);
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        // A new key starts full: its first requests may burst.
        bucket = { tokens: limit.burst, updatedMs: nowMs };
        buckets.set(key, bucket);
      } else {
        // Clamped at 0: a clock that steps back must not drain the bucket.
        const elapsedSeconds = Math.max(0, nowMs - bucket.updatedMs) / 1000;
        bucket.tokens = Math.min(limit.burst, bucket.tokens + elapsedSeconds * limit.tokensPerSecond);
        bucket.updatedMs = nowMs;
      }

      const allowed = bucket.tokens >= 1 - EPSILON;
      if (allowed) bucket.tokens = Math.max(0, bucket.tokens - 1);
      return bucketOutcome(allowed, bucket.tokens, limit);
    },
  };
}

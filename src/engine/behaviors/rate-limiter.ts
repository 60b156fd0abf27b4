import type { Clock } from '../../clock/index.js';
import type { MockRequest, RateLimitSpec } from '../../plan/index.js';
import { LruMap } from './lru-map.js';
import { rateLimitKey } from './rate-limit-key.js';

/** What a request learns from its bucket. Times are whole seconds, rounded up (header fields are integers). */
export type RateLimitOutcome =
  | { readonly allowed: true; readonly remaining: number; readonly resetSeconds: number }
  | { readonly allowed: false; readonly retryAfterSeconds: number; readonly remaining: 0; readonly resetSeconds: number };

/** Every limiter of one engine, one per bucket name. */
export interface RateLimiters {
  /**
   * Takes a token for this request from its bucket. `clientAddress` is the socket's remote
   * address. `endpointId` is not needed for keying (the spec's bucket name already is the
   * endpoint's own unless shared); it is kept so the call names everything the decision may use.
   */
  take(spec: RateLimitSpec, request: MockRequest, clientAddress: string, endpointId: string, sessionId?: string): RateLimitOutcome;
}

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
 * Token buckets, refilled lazily from the clock's monotonic `now()` on each take (no timers, so
 * an idle limiter costs nothing and tests drive time with a ManualClock).
 *
 * Endpoints sharing a bucket name share its buckets; each request refills with its own spec's
 * rate and burst, so endpoints sharing a bucket should configure the same rate. A limiter's
 * maxKeys is fixed by the first spec that uses it.
 */
export function createRateLimiters(clock: Clock): RateLimiters {
  const limiters = new Map<string, LruMap<string, Bucket>>();

  const bucketsOf = (spec: RateLimitSpec): LruMap<string, Bucket> => {
    let buckets = limiters.get(spec.bucket);
    if (buckets === undefined) {
      buckets = new LruMap(spec.maxKeys);
      limiters.set(spec.bucket, buckets);
    }
    return buckets;
  };

  return {
    take(spec, request, clientAddress, _endpointId, sessionId) {
      const buckets = bucketsOf(spec);
      const key = rateLimitKey(spec.key, request, clientAddress, sessionId);
      const nowMs = clock.now();
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        // A new key starts full: its first requests may burst.
        bucket = { tokens: spec.burst, updatedMs: nowMs };
        buckets.set(key, bucket);
      } else {
        // Clamped at 0: a clock that steps back must not drain the bucket.
        const elapsedSeconds = Math.max(0, nowMs - bucket.updatedMs) / 1000;
        bucket.tokens = Math.min(spec.burst, bucket.tokens + elapsedSeconds * spec.tokensPerSecond);
        bucket.updatedMs = nowMs;
      }

      const rate = spec.tokensPerSecond;
      if (bucket.tokens >= 1 - EPSILON) {
        bucket.tokens = Math.max(0, bucket.tokens - 1);
        return {
          allowed: true,
          remaining: Math.floor(bucket.tokens + EPSILON),
          resetSeconds: wholeSeconds((spec.burst - bucket.tokens) / rate),
        };
      }
      return {
        allowed: false,
        remaining: 0,
        // Retry-After of 0 would invite an immediate retry that is refused again.
        retryAfterSeconds: Math.max(1, wholeSeconds((1 - bucket.tokens) / rate)),
        resetSeconds: wholeSeconds((spec.burst - bucket.tokens) / rate),
      };
    },
  };
}

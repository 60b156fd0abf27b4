/** What a request learns from its bucket. Times are whole seconds, rounded up (header fields are integers). */
export type RateLimitOutcome =
  | { readonly allowed: true; readonly remaining: number; readonly resetSeconds: number }
  | { readonly allowed: false; readonly retryAfterSeconds: number; readonly remaining: 0; readonly resetSeconds: number };

/** One token bucket's shape, as a request's spec gives it. */
export interface TokenBucketLimit {
  readonly tokensPerSecond: number;
  /** The most tokens a bucket holds; a new key starts with this many. */
  readonly burst: number;
  /** Keys a bucket name keeps at most (least recently used forgotten first); fixed by the first take of the name. */
  readonly maxKeys: number;
  /** `instance` keeps the bucket in this process even when a shared store is configured; default cluster. */
  readonly scope?: 'cluster' | 'instance';
}

/**
 * Where token buckets live: the port between the rate limiter (which turns a request into a
 * bucket name and key) and the buckets. The memory store answers at once; the Redis store (in
 * src/cluster/) answers through a promise, its `take` one Lua script (refill, compare, decrement
 * atomically on the server), so instances share limits. `decide` awaits only an outcome that is a
 * promise: the in-process path stays synchronous. The contract suite
 * (rate-limit-store.contract.ts) awaits every take, so both are held to the same behaviour.
 */
export interface RateLimitStore {
  /**
   * Refills `key`'s bucket in `bucket` from `nowMs` (monotonic milliseconds; a reading earlier
   * than the last one refills nothing) and takes one token when there is one.
   */
  take(bucket: string, key: string, limit: TokenBucketLimit, nowMs: number): RateLimitOutcome | Promise<RateLimitOutcome>;
}

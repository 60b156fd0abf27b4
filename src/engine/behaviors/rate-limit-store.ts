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
}

/**
 * Where token buckets live: the port between the rate limiter (which turns a request into a
 * bucket name and key) and the buckets. In-memory today; the Redis issue adds a store whose
 * `take` is one Lua script (refill, compare, decrement atomically on the server) so instances
 * share limits. Synchronous because the engine decides a request's rate limit before anything
 * async happens; a networked store needs that decision step to await, which the staged pipeline
 * (issue 14 §2) allows. The contract suite (rate-limit-store.contract.ts) awaits every take, so
 * an async store is held to the same behaviour.
 */
export interface RateLimitStore {
  /**
   * Refills `key`'s bucket in `bucket` from `nowMs` (monotonic milliseconds; a reading earlier
   * than the last one refills nothing) and takes one token when there is one.
   */
  take(bucket: string, key: string, limit: TokenBucketLimit, nowMs: number): RateLimitOutcome;
}

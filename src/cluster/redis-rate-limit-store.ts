import type { Redis } from 'ioredis';
import { bucketOutcome, type RateLimitOutcome, type TokenBucketLimit } from '../engine/index.js';
import { luaScript, runScript } from '../state/index.js';

/**
 * One token bucket per key, refilled, compared and decremented in one script, so instances
 * sharing a Redis share the bucket exactly. KEYS: a hash of key → "tokens updatedMs", a sorted set
 * ordering the keys by last use (to forget the least recently used beyond maxKeys, as the memory
 * store does) and that order's counter. A bucket idle for burst/rate seconds is full again, so the
 * three keys expire after that long idle: an unused limiter leaves nothing in Redis.
 * ARGV: key, tokensPerSecond, burst, maxKeys, nowMs. Answers { allowed (1/0), tokens left }.
 */
const TAKE = luaScript(`
local H, L, S = KEYS[1], KEYS[2], KEYS[3]
local key = ARGV[1]
local rate, burst, maxKeys, now = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local EPSILON = 1e-9
local tokens, updated = burst, now
local current = redis.call('HGET', H, key)
if current then
  local t, u = string.match(current, '^(%S+) (%S+)$')
  tokens, updated = tonumber(t), tonumber(u)
  -- Clamped at 0, and the latest time kept: instances whose clocks differ a little never refill twice.
  tokens = math.min(burst, tokens + math.max(0, now - updated) / 1000 * rate)
  updated = math.max(updated, now)
end
local allowed = 0
if tokens >= 1 - EPSILON then
  tokens = math.max(0, tokens - 1)
  allowed = 1
end
redis.call('HSET', H, key, string.format('%.17g %.17g', tokens, updated))
redis.call('ZADD', L, redis.call('INCR', S), key)
local over = redis.call('ZCARD', L) - maxKeys
if over > 0 then
  local gone = redis.call('ZPOPMIN', L, over)
  for i = 1, #gone, 2 do redis.call('HDEL', H, gone[i]) end
end
local idleMs = math.ceil(burst / rate * 1000) + 1000
redis.call('PEXPIRE', H, idleMs)
redis.call('PEXPIRE', L, idleMs)
redis.call('PEXPIRE', S, idleMs)
return { allowed, string.format('%.17g', tokens) }
`);

export interface RedisRateLimitStoreOptions {
  readonly redis: Redis;
  /** Before every Redis key (`state.keyPrefix`). */
  readonly keyPrefix: string;
  /**
   * The time every instance agrees on, from the caller's monotonic `nowMs`: monotonic readings of
   * two processes have different origins, so the app passes epoch time. Default: `nowMs` as given.
   */
  readonly sharedNowMs?: (nowMs: number) => number;
}

/** A RateLimitStore whose every take answers through a promise. */
export interface SharedRateLimitStore {
  take(bucket: string, key: string, limit: TokenBucketLimit, nowMs: number): Promise<RateLimitOutcome>;
}

/** Token buckets in Redis; `take` rejects when Redis cannot be asked. */
export function createRedisRateLimitStore(options: RedisRateLimitStoreOptions): SharedRateLimitStore {
  const { redis } = options;
  const sharedNowMs = options.sharedNowMs ?? ((nowMs: number) => nowMs);
  return {
    async take(bucket, key, limit, nowMs): Promise<RateLimitOutcome> {
      const base = `${options.keyPrefix}{rl:${bucket}}:`;
      const reply = (await runScript(
        redis,
        TAKE,
        [`${base}buckets`, `${base}lru`, `${base}seq`],
        [key, limit.tokensPerSecond, limit.burst, limit.maxKeys, sharedNowMs(nowMs)],
      )) as [number, string];
      return bucketOutcome(reply[0] === 1, Number(reply[1]), limit);
    },
  };
}

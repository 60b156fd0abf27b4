import type { Redis } from 'ioredis';
import { repeatInBackground, systemClock } from '../../clock/index.js';
import { AppError } from '../../errors/index.js';
import { decodeJson, encodeJson, isJsonEqual, type JsonValue } from '../json-value.js';
import type { StateEntry, StateStore, StateStoreOptions, StateWrite, StateWriteResult, WriteOptions } from '../state-store.js';
import { checkKey, checkLimit, counterExpiry, expiresAt } from '../write-checks.js';
import { isUnavailable, openRedisConnection, runScript, type LuaScript, type RedisArg } from './redis-client.js';
import { APPLY, COMPARE_AND_SET, DELETE_RANGE, GET_MANY, LIST, PURGE } from './state-scripts.js';

export interface RedisStateStoreOptions extends StateStoreOptions {
  /** `redis://…` */
  readonly url: string;
  /** Put before every Redis key, so several Mimicus clusters (or tests) share one Redis apart. Default `mimicus:`. */
  readonly keyPrefix?: string;
  /** Told when the connection fails (Redis down); the store keeps reconnecting by itself. */
  readonly onConnectionError?: (error: Error) => void;
}

const DEFAULT_PURGE_INTERVAL_MS = 60_000;
/** A compareAndSet that lost this many races in a row gives up (each loss is another writer's success). */
const MAX_CAS_ATTEMPTS = 64;

/**
 * A `StateStore` in Redis, shared by every instance pointed at the same URL and key prefix. Each
 * call is one Lua script, so increments, batches and compareAndSet are atomic across instances.
 * While Redis cannot be reached, calls reject at once with STATE_STORE_UNAVAILABLE (503): a write
 * is refused, never queued in memory and lost.
 */
export async function openRedisStateStore(options: RedisStateStoreOptions): Promise<StateStore> {
  const clock = options.clock ?? systemClock;
  const now = options.now ?? (() => clock.epochMs());
  const prefix = `${options.keyPrefix ?? 'mimicus:'}{state}:`;
  // One hash tag, so a Redis Cluster keeps the three keys in one slot (a script may touch only one).
  const keys = [`${prefix}values`, `${prefix}keys`, `${prefix}expiry`];
  const redis: Redis = await openRedisConnection({
    url: options.url,
    name: 'mimicus-state',
    ...(options.onConnectionError ? { onError: options.onConnectionError } : {}),
  });
  let closed = false;

  const run = async (script: LuaScript, args: readonly RedisArg[]): Promise<unknown> => {
    if (closed) throw new AppError('STATE_STORE_FAILED', 'the Redis state store is closed');
    try {
      return await runScript(redis, script, keys, [now(), ...args]);
    } catch (error) {
      throw failure(error);
    }
  };

  const purge = () => run(PURGE, []) as Promise<number>;
  const purgeIntervalMs = options.purgeIntervalMs ?? DEFAULT_PURGE_INTERVAL_MS;
  const purging =
    purgeIntervalMs > 0
      ? repeatInBackground(clock, purgeIntervalMs, () => {
          // A purge that fails (Redis away) is tried again at the next interval; keys stay invisible meanwhile.
          purge().catch(() => undefined);
        })
      : undefined;

  const apply = async (writes: readonly StateWrite[]): Promise<StateWriteResult[]> => {
    const at = now();
    const args: RedisArg[] = [];
    for (const write of writes) {
      checkKey(write.key);
      if (write.kind === 'set') {
        const expires = expiresAt(at, write.ttlMs, write.key);
        args.push('s', write.key, encodeJson(write.value, write.key), expires === null ? '' : expires);
      } else if (write.kind === 'delete') {
        args.push('d', write.key, '');
      } else {
        const by = write.by ?? 1;
        if (!Number.isSafeInteger(by)) throw new AppError('STATE_VALUE_INVALID', `increment of "${write.key}" by ${by}: the step must be a safe integer`);
        // '' keeps the key's expiry (none for a new key).
        args.push('i', write.key, by, counterExpiry(at, write.ttlMs, write.key) ?? '');
      }
    }
    if (writes.length === 0) return [];
    const results = (await run(APPLY, args)) as number[];
    return writes.map((write, i) => (write.kind === 'increment' ? results[i]! : results[i] === 1));
  };

  return {
    async get(key) {
      const [text] = (await run(GET_MANY, [checkKey(key)])) as (string | null)[];
      return typeof text === 'string' ? decodeJson(text) : undefined;
    },
    async getMany(wanted) {
      const found = new Map<string, JsonValue>();
      if (wanted.length === 0) return found;
      for (const key of wanted) checkKey(key);
      const texts = (await run(GET_MANY, wanted)) as (string | null)[];
      wanted.forEach((key, i) => {
        const text = texts[i];
        if (typeof text === 'string') found.set(key, decodeJson(text));
      });
      return found;
    },
    async set(key: string, value: unknown, options: WriteOptions = {}) {
      await apply([{ kind: 'set', key, value, ...(options.ttlMs !== undefined ? { ttlMs: options.ttlMs } : {}) }]);
    },
    async delete(key) {
      const [removed] = await apply([{ kind: 'delete', key }]);
      return removed === true;
    },
    async increment(key, by = 1, options: WriteOptions = {}) {
      const [value] = await apply([{ kind: 'increment', key, by, ...(options.ttlMs !== undefined ? { ttlMs: options.ttlMs } : {}) }]);
      return value as number;
    },
    async compareAndSet(key, expected, next, options: WriteOptions = {}) {
      checkKey(key);
      const text = encodeJson(next, key);
      const expires = expiresAt(now(), options.ttlMs, key);
      const expiresArg = expires === null ? '' : expires;
      if (expected === undefined) return (await run(COMPARE_AND_SET, [key, 'absent', '', text, expiresArg])) === 1;
      // Compared here (JSON equality ignoring key order is not Lua's), then written only if the
      // stored text is still the one compared: a concurrent change means read and compare again.
      for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
        const [seen] = (await run(GET_MANY, [key])) as (string | null)[];
        if (typeof seen !== 'string' || !isJsonEqual(decodeJson(seen), expected)) return false;
        const outcome = (await run(COMPARE_AND_SET, [key, 'seen', seen, text, expiresArg])) as number;
        if (outcome !== -1) return outcome === 1;
      }
      throw new AppError('STATE_STORE_FAILED', `compareAndSet of "${key}" lost ${MAX_CAS_ATTEMPTS} races in a row`);
    },
    async list(prefix, options = {}) {
      const limit = checkLimit(options.limit);
      const [min, max] = lexRange(prefix);
      const flat = (await run(LIST, [min, max, limit ?? -1])) as string[];
      const entries: StateEntry[] = [];
      // Triples: key, JSON text, expiry in epoch ms ('' when it never expires).
      for (let i = 0; i < flat.length; i += 3) {
        const expires = flat[i + 2];
        entries.push({ key: flat[i]!, value: decodeJson(flat[i + 1]!), ...(expires ? { expiresAt: Number(expires) } : {}) });
      }
      return entries;
    },
    async deletePrefix(prefix) {
      const [min, max] = lexRange(prefix);
      return (await run(DELETE_RANGE, [min, max])) as number;
    },
    apply,
    purgeExpired: purge,
    async close() {
      if (closed) return;
      closed = true;
      purging?.stop();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** ZRANGEBYLEX bounds of every key starting with `prefix`: UTF-8 never has a 0xFF byte, so prefix+0xFF is above them all. */
function lexRange(prefix: string): [RedisArg, RedisArg] {
  if (prefix === '') return ['-', '+'];
  const bytes = Buffer.from(prefix, 'utf8');
  return [Buffer.concat([Buffer.from('['), bytes]), Buffer.concat([Buffer.from('('), bytes, Buffer.from([0xff])])];
}

/** Redis's refusals of an increment are the caller's mistake; a Redis away is a 503; anything else a failure of the store. */
function failure(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const refused = /^(NOTINT|OVERFLOW) (.*)$/s.exec(message);
  if (refused) {
    const problem = refused[1] === 'NOTINT' ? 'the stored value is not an integer' : 'the result overflows the safe integer range';
    return new AppError('STATE_VALUE_INVALID', `increment of "${refused[2]}": ${problem}`, { cause: error });
  }
  if (isUnavailable(error)) return new AppError('STATE_STORE_UNAVAILABLE', `Redis cannot be reached: ${message}`, { cause: error });
  return new AppError('STATE_STORE_FAILED', message, { cause: error });
}

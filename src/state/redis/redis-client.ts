import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '../../errors/index.js';

/** A Lua script run by its SHA1 (EVALSHA), loaded on the first NOSCRIPT (a restarted Redis forgets scripts). */
export interface LuaScript {
  readonly lua: string;
  readonly sha: string;
}

export function luaScript(lua: string): LuaScript {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

export type RedisArg = string | number | Buffer;

/** Runs `script` with `keys` and `args`; a Redis that lost its script cache gets it once more. */
export async function runScript(redis: Redis, script: LuaScript, keys: readonly string[], args: readonly RedisArg[]): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script.lua, keys.length, ...keys, ...args);
  }
}

export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` for TLS. */
  readonly url: string;
  /** A name shown by `CLIENT LIST` (which instance, which use). */
  readonly name?: string;
  /** Told about connection trouble (Redis down, refused); the client keeps reconnecting by itself. */
  readonly onError?: (error: Error) => void;
  /**
   * Resolve after the first attempt whatever its outcome, then keep trying in the background,
   * instead of rejecting when Redis does not answer now: for links whose users fall back while
   * Redis is away.
   */
  readonly lazy?: boolean;
}

/** Keeps what a URL's password is out of messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

/**
 * A connected ioredis client tuned to fail fast: while Redis is away a command rejects at once
 * (no offline queue, no per-request retries) instead of piling up behind a request, and the
 * client reconnects in the background every 50–500 ms, so service resumes well within 5 s of
 * Redis returning. Rejects with STATE_STORE_UNAVAILABLE when the first connection fails.
 */
export async function openRedisConnection(options: RedisConnectionOptions): Promise<Redis> {
  // Loaded with the first connection: a config without Redis (the default) never pays its start-up cost.
  const { Redis } = await import('ioredis');
  const redis = new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(50 * attempt, 500),
    ...(options.name ? { connectionName: options.name } : {}),
  });
  // ioredis prints an unhandled 'error' event to the console; the owner decides what to say.
  redis.on('error', (error: Error) => options.onError?.(error));
  if (options.lazy) {
    // A failed first attempt is retried by retryStrategy like any later one; its error goes to onError.
    await redis.connect().catch(() => undefined);
    return redis;
  }
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new AppError('STATE_STORE_UNAVAILABLE', `Redis at ${redactRedisUrl(options.url)} cannot be reached`, { cause: error });
  }
  return redis;
}

/** Errors that mean Redis could not be asked (down, unreachable, timed out), as opposed to a refusal by Redis. */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ReplyError') return /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)/.test(error.message);
  return true;
}

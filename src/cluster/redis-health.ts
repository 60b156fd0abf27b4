import type { Redis } from 'ioredis';

/** Whether Redis answers, as the instance last saw it, and what the outage cost. */
export interface RedisHealth {
  isUp(): boolean;
  /** Rate-limit takes answered by a bucket in this instance because Redis could not be asked. */
  readonly fallbacks: number;
  /** Counts a take answered locally; the first one of an outage reports it (`onChange`). */
  fellBack(cause?: unknown): void;
}

export interface RedisHealthOptions {
  /** Redis went away (`up: false`, with the cause) or came back. Called once per change. */
  readonly onChange: (up: boolean, cause?: unknown) => void;
}

/**
 * Follows one connection's status: down from the first failed command or closed connection, up
 * again when ioredis reports it ready (it reconnects by itself, every 50–500 ms).
 */
export function watchRedisHealth(redis: Redis, options: RedisHealthOptions): RedisHealth {
  let up = redis.status === 'ready';
  let fallbacks = 0;
  const change = (next: boolean, cause?: unknown) => {
    if (next === up) return;
    up = next;
    options.onChange(next, cause);
  };
  redis.on('ready', () => change(true));
  // Down from the start (Redis not there when the instance started): said once, at once.
  if (!up) queueMicrotask(() => options.onChange(false, new Error('Redis did not answer at start')));
  redis.on('close', () => change(false, new Error('the connection to Redis closed')));
  return {
    isUp: () => up && redis.status === 'ready',
    get fallbacks() {
      return fallbacks;
    },
    fellBack(cause) {
      fallbacks++;
      change(false, cause);
    },
  };
}

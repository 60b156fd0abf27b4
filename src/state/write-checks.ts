import { AppError } from '../errors/index.js';

// In unicode mode a surrogate pair is one code point, so this matches only lone surrogates.
const LONE_SURROGATE = /\p{Cs}/u;

/** Refuses keys no store can keep exactly (non-strings, lone surrogates that UTF-8 would mangle). */
export function checkKey(key: unknown): string {
  if (typeof key !== 'string' || LONE_SURROGATE.test(key)) {
    throw new AppError('STATE_VALUE_INVALID', `state key must be a well-formed string, got ${JSON.stringify(String(key))}`);
  }
  return key;
}

/** The absolute expiry of a write, or `null` for a key that never expires. */
export function expiresAt(now: number, ttlMs: number | undefined, key: string): number | null {
  if (ttlMs === undefined) return null;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new AppError('STATE_VALUE_INVALID', `ttlMs for "${key}" must be a positive number of milliseconds, got ${ttlMs}`);
  }
  return now + ttlMs;
}

/** The expiry an increment gives its key: `undefined` (keep the key's own) without `ttlMs`. */
export function counterExpiry(now: number, ttlMs: number | undefined, key: string): number | undefined {
  return ttlMs === undefined ? undefined : expiresAt(now, ttlMs, key)!;
}

export function isLive(expires: number | null, now: number): boolean {
  return expires === null || expires > now;
}

/** The counter after adding `by`; both the stored value and the result must be safe integers. */
export function addToCounter(current: unknown, by: number, key: string): number {
  if (!Number.isSafeInteger(by)) {
    throw new AppError('STATE_VALUE_INVALID', `increment of "${key}" by ${by}: the step must be a safe integer`);
  }
  const base = current === undefined ? 0 : current;
  if (typeof base !== 'number' || !Number.isSafeInteger(base)) {
    throw new AppError('STATE_VALUE_INVALID', `increment of "${key}": the stored value ${JSON.stringify(base)} is not an integer`);
  }
  const next = base + by;
  if (!Number.isSafeInteger(next)) {
    throw new AppError('STATE_VALUE_INVALID', `increment of "${key}" overflows the safe integer range`);
  }
  return next;
}

export function checkLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new AppError('STATE_VALUE_INVALID', `list limit must be a non-negative integer, got ${limit}`);
  }
  return limit;
}

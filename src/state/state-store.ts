import type { Clock } from '../clock/index.js';
import type { JsonValue } from './json-value.js';

/** Options of a write that may expire. A write without `ttlMs` stores a key that never expires. */
export interface WriteOptions {
  /** Time to live from the store's `now()`; a positive finite number of milliseconds. */
  ttlMs?: number;
}

/** One write of an atomic batch (`StateStore.apply`). */
export type StateWrite =
  | { kind: 'set'; key: string; value: unknown; ttlMs?: number }
  | { kind: 'delete'; key: string }
  | { kind: 'increment'; key: string; by?: number; ttlMs?: number };

/**
 * What each write of a batch produced, in order: `set` → `true`, `delete` → whether a live key was
 * removed, `increment` → the new value.
 */
export type StateWriteResult = boolean | number;

export interface StateEntry {
  key: string;
  value: JsonValue;
  /** When it expires (epoch ms, the store's clock); absent: never. Listings show it as a TTL. */
  expiresAt?: number;
}

/**
 * The state port: a key-value store of JSON values shared by every implementation (memory, SQLite,
 * later Redis) and proven by one contract suite (`describeStateStore`).
 *
 * Keys are plain strings; scoping (`global:`, `session:<id>:`) is the caller's business. Values are
 * JSON: `null`, booleans, finite numbers, strings, arrays and plain objects; anything else is refused
 * with `STATE_VALUE_INVALID` rather than silently changed. Reads return fresh copies. An expired key
 * is invisible at once (to every method) and purged later. Failures of the backing store reject with
 * `STATE_STORE_FAILED`.
 */
export interface StateStore {
  /** The value, or `undefined` when the key is absent or expired. */
  get(key: string): Promise<JsonValue | undefined>;
  /** The live values among `keys`, in one round trip; absent keys are not in the map. */
  getMany(keys: readonly string[]): Promise<Map<string, JsonValue>>;
  /** Stores `value`, replacing any previous value and TTL. */
  set(key: string, value: unknown, options?: WriteOptions): Promise<void>;
  /** Whether a live key was removed. */
  delete(key: string): Promise<boolean>;
  /**
   * Atomically adds `by` (a safe integer, default 1) and returns the new value. A missing or expired
   * key starts at 0. With `ttlMs` the key expires that long after this write (each increment starts
   * the time again, as a `set` does); without it a new key does not expire and an existing key keeps
   * its TTL. The stored value must be a safe integer.
   */
  increment(key: string, by?: number, options?: WriteOptions): Promise<number>;
  /**
   * Atomically writes `next` if the current value equals `expected` (JSON equality, key order
   * ignored); `expected: undefined` means the key must be absent or expired. Like `set`, a successful
   * write replaces the TTL.
   */
  compareAndSet(key: string, expected: unknown, next: unknown, options?: WriteOptions): Promise<boolean>;
  /** Live entries whose key starts with `prefix`, sorted by key (Unicode code point order). */
  list(prefix: string, options?: { limit?: number }): Promise<StateEntry[]>;
  /** Removes every key that starts with `prefix`; returns how many of them were live. */
  deletePrefix(prefix: string): Promise<number>;
  /** Commits `writes` in order, all or none. */
  apply(writes: readonly StateWrite[]): Promise<StateWriteResult[]>;
  /** Removes expired keys now (they are already invisible); returns how many. */
  purgeExpired(): Promise<number>;
  /** Releases the store; later calls reject with `STATE_STORE_FAILED`. Closing twice is harmless. */
  close(): Promise<void>;
}

/** Options every implementation accepts. */
export interface StateStoreOptions {
  /** Milliseconds since the epoch; injected so TTL tests never sleep. Defaults to the clock's epoch time. */
  now?: () => number;
  /** Times the background purge (and `now`, unless given); the system clock by default. */
  clock?: Clock;
  /** How often expired keys are purged in the background (the timer never keeps the process alive). Default 60 s. */
  purgeIntervalMs?: number;
}

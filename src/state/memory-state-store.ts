import { repeatInBackground, systemClock } from '../clock/index.js';
import { AppError } from '../errors/index.js';
import { decodeJson, encodeJson, isJsonEqual, type JsonValue } from './json-value.js';
import type { StateEntry, StateStore, StateStoreOptions, StateWrite, StateWriteResult, WriteOptions } from './state-store.js';
import { addToCounter, checkKey, checkLimit, counterExpiry, expiresAt, isLive } from './write-checks.js';

interface Slot {
  /** Values are kept serialized, so a caller never shares an object with the store (as with SQLite). */
  text: string;
  expiresAt: number | null;
}

const DEFAULT_PURGE_INTERVAL_MS = 60_000;

/** A `StateStore` in process memory: for tests and for runs that need no state across restarts. */
export function createMemoryStateStore(options: StateStoreOptions = {}): StateStore {
  const clock = options.clock ?? systemClock;
  const now = options.now ?? (() => clock.epochMs());
  const slots = new Map<string, Slot>();
  let closed = false;

  const purge = (): number => {
    const at = now();
    let purged = 0;
    for (const [key, slot] of slots) {
      if (!isLive(slot.expiresAt, at)) {
        slots.delete(key);
        purged++;
      }
    }
    return purged;
  };
  const purgeIntervalMs = options.purgeIntervalMs ?? DEFAULT_PURGE_INTERVAL_MS;
  const purging = purgeIntervalMs > 0 ? repeatInBackground(clock, purgeIntervalMs, purge) : undefined;

  const open = (): void => {
    if (closed) throw new AppError('STATE_STORE_FAILED', 'the memory state store is closed');
  };
  /** The live slot of a key; an expired one is dropped on the way. */
  const live = (key: string, at: number): Slot | undefined => {
    const slot = slots.get(key);
    if (slot && !isLive(slot.expiresAt, at)) {
      slots.delete(key);
      return undefined;
    }
    return slot;
  };
  const matching = (prefix: string, at: number): string[] => {
    const keys: string[] = [];
    for (const key of slots.keys()) if (key.startsWith(prefix) && live(key, at)) keys.push(key);
    return keys.sort(compareCodePoints);
  };

  const set = (key: string, text: string, expires: number | null): void => {
    slots.set(key, { text, expiresAt: expires });
  };
  const remove = (key: string, at: number): boolean => live(key, at) !== undefined && slots.delete(key);
  /** `expires` undefined: the key keeps the expiry it has (none for a new key). */
  const increment = (key: string, by: number, at: number, expires: number | null | undefined): number => {
    const slot = live(key, at);
    const next = addToCounter(slot && decodeJson(slot.text), by, key);
    set(key, String(next), expires ?? (slot ? slot.expiresAt : null));
    return next;
  };

  return {
    async get(key) {
      open();
      const slot = live(checkKey(key), now());
      return slot && decodeJson(slot.text);
    },
    async getMany(keys) {
      open();
      const at = now();
      const found = new Map<string, JsonValue>();
      for (const key of keys) {
        const slot = live(checkKey(key), at);
        if (slot) found.set(key, decodeJson(slot.text));
      }
      return found;
    },
    async set(key: string, value: unknown, options: WriteOptions = {}) {
      open();
      checkKey(key);
      set(key, encodeJson(value, key), expiresAt(now(), options.ttlMs, key));
    },
    async delete(key) {
      open();
      return remove(checkKey(key), now());
    },
    async increment(key, by = 1, options: WriteOptions = {}) {
      open();
      checkKey(key);
      const at = now();
      return increment(key, by, at, counterExpiry(at, options.ttlMs, key));
    },
    async compareAndSet(key, expected, next, options: WriteOptions = {}) {
      open();
      checkKey(key);
      const at = now();
      const text = encodeJson(next, key);
      const expires = expiresAt(at, options.ttlMs, key);
      const slot = live(key, at);
      const matches = expected === undefined ? slot === undefined : slot !== undefined && isJsonEqual(decodeJson(slot.text), expected);
      if (matches) set(key, text, expires);
      return matches;
    },
    async list(prefix, options = {}) {
      open();
      const limit = checkLimit(options.limit);
      const at = now();
      const keys = matching(prefix, at);
      return (limit === undefined ? keys : keys.slice(0, limit)).map((key): StateEntry => {
        const slot = slots.get(key)!;
        return slot.expiresAt === null ? { key, value: decodeJson(slot.text) } : { key, value: decodeJson(slot.text), expiresAt: slot.expiresAt };
      });
    },
    async deletePrefix(prefix) {
      open();
      const at = now();
      let removed = 0;
      for (const [key, slot] of slots) {
        if (!key.startsWith(prefix)) continue;
        if (isLive(slot.expiresAt, at)) removed++;
        slots.delete(key);
      }
      return removed;
    },
    async apply(writes: readonly StateWrite[]) {
      open();
      const at = now();
      // Check every write before touching anything, so a bad one leaves the store as it was.
      // (`expires` undefined: an increment that keeps the key's expiry.)
      const encoded = writes.map((write): { text?: string; expires: number | null | undefined } | undefined => {
        checkKey(write.key);
        if (write.kind === 'set') return { text: encodeJson(write.value, write.key), expires: expiresAt(at, write.ttlMs, write.key) };
        return write.kind === 'increment' ? { expires: counterExpiry(at, write.ttlMs, write.key) } : undefined;
      });
      const before = new Map<string, Slot | undefined>();
      for (const write of writes) if (!before.has(write.key)) before.set(write.key, slots.get(write.key));
      try {
        return writes.map((write, i): StateWriteResult => {
          switch (write.kind) {
            case 'set':
              set(write.key, encoded[i]!.text!, encoded[i]!.expires ?? null);
              return true;
            case 'delete':
              return remove(write.key, at);
            case 'increment':
              return increment(write.key, write.by ?? 1, at, encoded[i]!.expires);
          }
        });
      } catch (error) {
        // An increment of a non-integer fails mid-batch: restore what the batch touched.
        for (const [key, slot] of before) {
          if (slot) slots.set(key, slot);
          else slots.delete(key);
        }
        throw error;
      }
    },
    async purgeExpired() {
      open();
      return purge();
    },
    async close() {
      closed = true;
      purging?.stop();
      slots.clear();
    },
  };
}

/** Code point order, which is also UTF-8 byte order: the order SQLite (and Redis) sort keys in. */
function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 order differs from code point order only when one side is a surrogate (an astral
    // character) and the other is in U+E000..U+FFFF: surrogates must then sort last.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

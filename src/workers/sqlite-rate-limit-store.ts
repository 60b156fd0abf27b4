import type Database from 'better-sqlite3';
import { openSqliteFile } from '../sqlite/index.js';
import type { RateLimitStore } from '../engine/index.js';

export interface SqliteRateLimitStoreOptions {
  /** The database file (its directory is created), or ':memory:' for tests. */
  readonly file: string;
  /**
   * Turns the engine's monotonic milliseconds into a time every process reads alike (the epoch time
   * of the reading): processes sharing the file each have their own performance.now() origin.
   */
  readonly toSharedMs?: (nowMs: number) => number;
}

/** Same slack as the memory store: 0.1 + 0.2 tokens must count as the 0.3 they are. */
const EPSILON = 1e-9;
const wholeSeconds = (seconds: number): number => Math.max(0, Math.ceil(seconds - EPSILON));

interface BucketRow {
  tokens: number;
  updated_ms: number;
}

/**
 * Token buckets in one SQLite file (WAL) that every worker of `serve --workers` opens: each take is
 * one `BEGIN IMMEDIATE` transaction (refill, compare, take), so limits stay exact across processes.
 * better-sqlite3 is synchronous, which keeps the port's `take` synchronous too (~20-40 µs here).
 * Each bucket name keeps at most `maxKeys` keys, the least recently used forgotten first, as in memory.
 */
/** The port, answering synchronously (what makes it usable on the engine's synchronous path). */
type SyncRateLimitStore = Omit<RateLimitStore, 'take'> & {
  take(...args: Parameters<RateLimitStore['take']>): Awaited<ReturnType<RateLimitStore['take']>>;
  close(): void;
};

export async function openSqliteRateLimitStore(options: SqliteRateLimitStoreOptions): Promise<SyncRateLimitStore> {
  const { file } = options;
  // Buckets are refilled from time, not kept forever: losing the last commits to a power cut costs a few tokens.
  const db: Database.Database = await openSqliteFile(file, {
    synchronous: 'OFF',
    schema: `
    CREATE TABLE IF NOT EXISTS buckets (
      name TEXT NOT NULL, key TEXT NOT NULL, tokens REAL NOT NULL, updated_ms REAL NOT NULL, used INTEGER NOT NULL,
      PRIMARY KEY (name, key)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS buckets_by_use ON buckets (name, used);
    CREATE TABLE IF NOT EXISTS bucket_names (name TEXT PRIMARY KEY, keys INTEGER NOT NULL, max_keys INTEGER NOT NULL, uses INTEGER NOT NULL) WITHOUT ROWID;
  `,
  });
  const toShared = options.toSharedMs ?? ((nowMs: number) => nowMs);
  const readName = db.prepare<[string], { keys: number; max_keys: number; uses: number }>('SELECT keys, max_keys, uses FROM bucket_names WHERE name = ?');
  const addName = db.prepare<[string, number]>('INSERT INTO bucket_names (name, keys, max_keys, uses) VALUES (?, 0, ?, 0)');
  const countUse = db.prepare<[number, number, string]>('UPDATE bucket_names SET uses = ?, keys = ? WHERE name = ?');
  const readBucket = db.prepare<[string, string], BucketRow>('SELECT tokens, updated_ms FROM buckets WHERE name = ? AND key = ?');
  const writeBucket = db.prepare<[string, string, number, number, number]>(
    'INSERT INTO buckets (name, key, tokens, updated_ms, used) VALUES (?, ?, ?, ?, ?) ' +
      'ON CONFLICT (name, key) DO UPDATE SET tokens = excluded.tokens, updated_ms = excluded.updated_ms, used = excluded.used',
  );
  const forgetOldest = db.prepare<{ name: string }>(
    'DELETE FROM buckets WHERE name = @name AND key = (SELECT key FROM buckets WHERE name = @name ORDER BY used LIMIT 1)',
  );

  const take = db.transaction((name: string, key: string, tokensPerSecond: number, burst: number, maxKeys: number, sharedMs: number) => {
    let names = readName.get(name);
    if (names === undefined) {
      addName.run(name, maxKeys);
      names = { keys: 0, max_keys: maxKeys, uses: 0 };
    }
    const row = readBucket.get(name, key);
    let keys = names.keys;
    let tokens: number;
    let updatedMs: number;
    if (row === undefined) {
      // A new key starts full; beyond the name's maxKeys the least recently used key is forgotten.
      tokens = burst;
      updatedMs = sharedMs;
      keys++;
      if (keys > names.max_keys) {
        forgetOldest.run({ name });
        keys--;
      }
    } else {
      // A reading earlier than the last (another process's clock a hair behind) refills nothing.
      tokens = Math.min(burst, row.tokens + (Math.max(0, sharedMs - row.updated_ms) / 1000) * tokensPerSecond);
      updatedMs = Math.max(sharedMs, row.updated_ms);
    }
    const allowed = tokens >= 1 - EPSILON;
    if (allowed) tokens = Math.max(0, tokens - 1);
    writeBucket.run(name, key, tokens, updatedMs, names.uses + 1);
    countUse.run(names.uses + 1, keys, name);
    return { allowed, tokens };
  });

  return {
    take(name, key, limit, nowMs) {
      const rate = limit.tokensPerSecond;
      const { allowed, tokens } = take.immediate(name, key, rate, limit.burst, limit.maxKeys, toShared(nowMs));
      const resetSeconds = wholeSeconds((limit.burst - tokens) / rate);
      if (allowed) return { allowed: true, remaining: Math.floor(tokens + EPSILON), resetSeconds };
      return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, wholeSeconds((1 - tokens) / rate)), resetSeconds };
    },
    close: () => db.close(),
  };
}

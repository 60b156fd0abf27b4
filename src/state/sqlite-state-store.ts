import type Database from 'better-sqlite3';
import { openSqliteFile } from '../sqlite/index.js';
import { repeatInBackground, systemClock } from '../clock/index.js';
import { AppError } from '../errors/index.js';
import { decodeJson, encodeJson, isJsonEqual, type JsonValue } from './json-value.js';
import { createGroupCommit, type WriteShape } from './sqlite-group-commit.js';
import type { StateEntry, StateStore, StateStoreOptions, StateWrite, StateWriteResult, WriteOptions } from './state-store.js';
import { addToCounter, checkKey, checkLimit, counterExpiry, expiresAt, isLive } from './write-checks.js';

export interface SqliteStateStoreOptions extends StateStoreOptions {
  /** The database file (its directory is created), or ':memory:' for tests. */
  file: string;
  /**
   * `NORMAL` (default) keeps every committed write through a crash or kill -9 of the process: in WAL
   * mode a commit is in the OS once `COMMIT` returns, and only a power loss or kernel crash can drop
   * the last commits (never corrupting the file). `FULL` fsyncs each commit to survive those too,
   * at the price of a disk flush per write.
   */
  synchronous?: 'NORMAL' | 'FULL';
  /**
   * `true` (default): the writes of one event-loop turn share one transaction and one commit, and
   * each call still settles only after its commit (see `createGroupCommit`). `false`: every write is
   * its own transaction, for tests that want to watch single commits.
   */
  groupCommit?: boolean;
}

const DEFAULT_PURGE_INTERVAL_MS = 60_000;
/** Up to this many keys, getMany does point lookups instead of one json_each query. */
const FEW_KEYS = 8;
const LIVE = '(expires_at IS NULL OR expires_at > @now)';

interface Row {
  value: string;
  expires_at: number | null;
}

/**
 * The default `StateStore`: one SQLite file in the data directory (WAL). better-sqlite3 is
 * synchronous, so each call runs at once, and each write atomically (a savepoint of the turn's group
 * transaction, or its own transaction). The group transaction is `BEGIN IMMEDIATE`, which makes
 * read-modify-write calls atomic across processes sharing the file too. Promises settle once what
 * the call wrote or read is committed.
 */
export async function openSqliteStateStore(options: SqliteStateStoreOptions): Promise<StateStore> {
  const { file } = options;
  const clock = options.clock ?? systemClock;
  const now = options.now ?? (() => clock.epochMs());
  let db: Database.Database | undefined;
  try {
    db = await openSqliteFile(file, {
      synchronous: options.synchronous ?? 'NORMAL',
      schema: `
      CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER);
      CREATE INDEX IF NOT EXISTS state_expires_at ON state (expires_at) WHERE expires_at IS NOT NULL;
    `,
    });
  } catch (error) {
    // The driver's reason ("file is not a database", "unable to open database file") is what the user can act on.
    throw new AppError('STATE_STORE_FAILED', `cannot open the state database ${file}: ${(error as Error).message}`, { cause: error });
  }

  const sql = {
    get: db.prepare<{ key: string; now: number }, { value: string }>(`SELECT value FROM state WHERE key = @key AND ${LIVE}`),
    getMany: db.prepare<{ keys: string; now: number }, { key: string; value: string }>(
      `SELECT key, value FROM state WHERE key IN (SELECT value FROM json_each(@keys)) AND ${LIVE}`,
    ),
    row: db.prepare<[string], Row>('SELECT value, expires_at FROM state WHERE key = ?'),
    upsert: db.prepare<{ key: string; value: string; expires: number | null }>(
      'INSERT INTO state (key, value, expires_at) VALUES (@key, @value, @expires) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
    ),
    delete: db.prepare<[string], { expires_at: number | null }>('DELETE FROM state WHERE key = ? RETURNING expires_at'),
    listRange: db.prepare<{ from: string; to: string; now: number; limit: number }, { key: string; value: string; expires_at: number | null }>(
      `SELECT key, value, expires_at FROM state WHERE key >= @from AND key < @to AND ${LIVE} ORDER BY key LIMIT @limit`,
    ),
    listFrom: db.prepare<{ from: string; now: number; limit: number }, { key: string; value: string; expires_at: number | null }>(
      `SELECT key, value, expires_at FROM state WHERE key >= @from AND ${LIVE} ORDER BY key LIMIT @limit`,
    ),
    deleteRange: db.prepare<{ from: string; to: string }, { expires_at: number | null }>(
      'DELETE FROM state WHERE key >= @from AND key < @to RETURNING expires_at',
    ),
    deleteFrom: db.prepare<{ from: string }, { expires_at: number | null }>('DELETE FROM state WHERE key >= @from RETURNING expires_at'),
    purge: db.prepare<{ now: number }>('DELETE FROM state WHERE expires_at IS NOT NULL AND expires_at <= @now'),
  };

  /** The live value of a key inside a transaction. */
  const current = (key: string, at: number): { value: JsonValue; expires: number | null } | undefined => {
    const row = sql.row.get(key);
    return row && isLive(row.expires_at, at) ? { value: decodeJson(row.value), expires: row.expires_at } : undefined;
  };
  const remove = (key: string, at: number): boolean => {
    const row = sql.delete.get(key);
    return row !== undefined && isLive(row.expires_at, at);
  };
  /** `expires` undefined: the key keeps the expiry it has (none for a new key). */
  const increment = (key: string, by: number, at: number, expires: number | undefined): number => {
    const found = current(key, at);
    const next = addToCounter(found?.value, by, key);
    sql.upsert.run({ key, value: String(next), expires: expires ?? (found ? found.expires : null) });
    return next;
  };

  const compareAndSet = (key: string, expected: unknown, value: string, expires: number | null, at: number): boolean => {
    const found = current(key, at);
    const matches = expected === undefined ? found === undefined : found !== undefined && isJsonEqual(found.value, expected);
    if (matches) sql.upsert.run({ key, value, expires });
    return matches;
  };
  const deletePrefix = (prefix: string, at: number): number => {
    const to = prefixEnd(prefix);
    const rows = to === undefined ? sql.deleteFrom.all({ from: prefix }) : sql.deleteRange.all({ from: prefix, to });
    return rows.filter((row) => isLive(row.expires_at, at)).length;
  };
  // `expires` of an increment: undefined keeps the key's expiry.
  type Checked = StateWrite & { text?: string; expires?: number | null };
  const apply = (writes: readonly Checked[], at: number): StateWriteResult[] =>
    writes.map((write) => {
      switch (write.kind) {
        case 'set':
          sql.upsert.run({ key: write.key, value: write.text!, expires: write.expires ?? null });
          return true;
        case 'delete':
          return remove(write.key, at);
        case 'increment':
          return increment(write.key, write.by ?? 1, at, write.expires ?? undefined);
      }
    });

  const commits = createGroupCommit(db, { file, enabled: options.groupCommit ?? true });
  let closed = false;
  const isClosed = (what: string): Promise<never> | undefined =>
    closed ? Promise.reject(new AppError('STATE_STORE_FAILED', `${what}: the state store is closed`)) : undefined;
  // Driver failures become `STATE_STORE_FAILED`; a read settles once the writes it may have seen are committed.
  const read = <T>(what: string, call: () => T): Promise<T> => isClosed(what) ?? commits.read(what, call);
  const write = <T>(what: string, call: () => T, shape?: WriteShape): Promise<T> => isClosed(what) ?? commits.write(what, call, shape);
  // Every write but `apply` makes its one change in a single statement, after its checks (see WriteShape).
  const oneStatement: WriteShape = { oneStatement: true };

  const purgeIntervalMs = options.purgeIntervalMs ?? DEFAULT_PURGE_INTERVAL_MS;
  const purging =
    purgeIntervalMs > 0
      ? repeatInBackground(clock, purgeIntervalMs, () => {
          // Expired keys are already invisible, so a failed background purge loses nothing: the next one retries.
          write('purge', () => sql.purge.run({ now: now() }), oneStatement).catch(() => undefined);
        })
      : undefined;

  return {
    get(key) {
      return read('get', () => {
        const row = sql.get.get({ key: checkKey(key), now: now() });
        return row && decodeJson(row.value);
      });
    },
    getMany(keys) {
      return read('getMany', () => {
        keys.forEach(checkKey);
        const found = new Map<string, JsonValue>();
        if (keys.length === 0) return found;
        const at = now();
        // A request loads a handful of keys: point lookups by primary key beat building a JSON
        // array for json_each (that path was ~9% of a state request's CPU); many keys take one query.
        if (keys.length <= FEW_KEYS) {
          for (const key of keys) {
            const row = sql.get.get({ key, now: at });
            if (row) found.set(key, decodeJson(row.value));
          }
          return found;
        }
        for (const row of sql.getMany.all({ keys: JSON.stringify(keys), now: at })) found.set(row.key, decodeJson(row.value));
        return found;
      });
    },
    set(key: string, value: unknown, options: WriteOptions = {}) {
      return write(
        'set',
        () => {
          checkKey(key);
          sql.upsert.run({ key, value: encodeJson(value, key), expires: expiresAt(now(), options.ttlMs, key) });
        },
        oneStatement,
      );
    },
    delete(key) {
      return write('delete', () => remove(checkKey(key), now()), oneStatement);
    },
    increment(key, by = 1, options: WriteOptions = {}) {
      return write(
        'increment',
        () => {
          checkKey(key);
          const at = now();
          return increment(key, by, at, counterExpiry(at, options.ttlMs, key));
        },
        oneStatement,
      );
    },
    compareAndSet(key, expected, next, options: WriteOptions = {}) {
      return write(
        'compareAndSet',
        () => {
          checkKey(key);
          const at = now();
          return compareAndSet(key, expected, encodeJson(next, key), expiresAt(at, options.ttlMs, key), at);
        },
        oneStatement,
      );
    },
    list(prefix, options = {}) {
      return read('list', () => {
        const limit = checkLimit(options.limit) ?? -1; // LIMIT -1 is "no limit" in SQLite
        const to = prefixEnd(prefix);
        const at = now();
        const rows = to === undefined ? sql.listFrom.all({ from: prefix, now: at, limit }) : sql.listRange.all({ from: prefix, to, now: at, limit });
        return rows.map((row): StateEntry =>
          row.expires_at === null ? { key: row.key, value: decodeJson(row.value) } : { key: row.key, value: decodeJson(row.value), expiresAt: row.expires_at },
        );
      });
    },
    deletePrefix(prefix) {
      return write('deletePrefix', () => deletePrefix(prefix, now()), oneStatement);
    },
    apply(writes) {
      return write(
        'apply',
        () => {
          const at = now();
          // Encode every value first: a write that cannot be stored fails the batch before it starts.
          const checked = writes.map((write): Checked => {
            checkKey(write.key);
            if (write.kind === 'set') return { ...write, text: encodeJson(write.value, write.key), expires: expiresAt(at, write.ttlMs, write.key) };
            return write.kind === 'increment' ? { ...write, expires: counterExpiry(at, write.ttlMs, write.key) } : write;
          });
          return apply(checked, at);
          // One write changes the database in one statement after its checks (an increment reads,
          // then upserts): no savepoint needed. A request's `{{state.inc}}` is such a batch.
        },
        writes.length === 1 ? oneStatement : undefined,
      );
    },
    purgeExpired() {
      return write('purgeExpired', () => sql.purge.run({ now: now() }).changes, oneStatement);
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      purging?.stop();
      let failed: unknown;
      try {
        // The open group's calls are waiting for this commit; closing would roll their writes back.
        commits.flush();
      } catch (error) {
        failed = error;
      }
      try {
        db.close();
      } catch (error) {
        failed ??= new AppError('STATE_STORE_FAILED', `close ${file}`, { cause: error });
      }
      return failed === undefined ? Promise.resolve() : Promise.reject(failed);
    },
  };
}

/**
 * The smallest string above every string that starts with `prefix`, in code point order (SQLite's
 * BINARY order on UTF-8 text): the prefix with its last code point incremented. `undefined` when
 * there is none (empty prefix, or only U+10FFFF), so the range is unbounded above.
 */
function prefixEnd(prefix: string): string | undefined {
  const points = [...prefix];
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // Skip the surrogate block: lone surrogates are not valid text.
      const next = last === 0xd7ff ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

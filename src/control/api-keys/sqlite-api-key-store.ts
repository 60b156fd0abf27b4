import type Database from 'better-sqlite3';
import { lazyDatabase, openControlDatabase } from '../open-control-database.js';
import { hashOf, isOurSecret, newSecret } from './api-key-secret.js';
import type { AdminRole, ApiKeyStore, ApiKeyStoreOptions, StoredApiKey } from './api-key-store.js';

export interface SqliteApiKeyStoreOptions extends ApiKeyStoreOptions {
  /** The database file (its directory is created), or ':memory:'. */
  readonly file: string;
}

interface Row {
  id: number;
  name: string;
  role: AdminRole;
  created_ms: number;
  last_used_ms: number | null;
  revoked: number;
}

const keyOf = (row: Row): StoredApiKey => ({
  id: row.id,
  name: row.name,
  role: row.role,
  createdAt: new Date(row.created_ms).toISOString(),
  ...(row.last_used_ms !== null ? { lastUsedAt: new Date(row.last_used_ms).toISOString() } : {}),
  revoked: row.revoked !== 0,
});

const COLUMNS = 'id, name, role, created_ms, last_used_ms, revoked';

/**
 * The stored API keys in SQLite. Opened on first use, like the version history in the same file.
 * Whether any key exists is remembered once known, so an open admin API asks the database once.
 */
export function createSqliteApiKeyStore(options: SqliteApiKeyStoreOptions): ApiKeyStore {
  const now = options.now ?? Date.now;
  let anyStored = false;
  const open = (): Promise<Database.Database> =>
    openControlDatabase(
      options.file,
      `CREATE TABLE IF NOT EXISTS api_keys (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('read', 'admin')),
        hash TEXT NOT NULL UNIQUE,
        created_ms INTEGER NOT NULL,
        last_used_ms INTEGER,
        revoked INTEGER NOT NULL DEFAULT 0
      )`,
    );
  const database = lazyDatabase(open);
  const db = database.get;

  return {
    async create({ name, role }) {
      const database = await db();
      const secret = newSecret();
      const createdMs = now();
      const result = database.prepare('INSERT INTO api_keys (name, role, hash, created_ms) VALUES (?, ?, ?, ?)').run(name, role, hashOf(secret), createdMs);
      anyStored = true;
      return { key: keyOf({ id: Number(result.lastInsertRowid), name, role, created_ms: createdMs, last_used_ms: null, revoked: 0 }), secret };
    },
    async list() {
      return ((await db()).prepare(`SELECT ${COLUMNS} FROM api_keys ORDER BY id`).all() as Row[]).map(keyOf);
    },
    async revoke(id) {
      const database = await db();
      if (database.prepare('SELECT id FROM api_keys WHERE id = ?').get(id) === undefined) return false;
      database.prepare('UPDATE api_keys SET revoked = 1 WHERE id = ?').run(id);
      return true;
    },
    async authenticate(secret) {
      if (!isOurSecret(secret)) return undefined;
      const database = await db();
      const row = database.prepare(`SELECT ${COLUMNS} FROM api_keys WHERE hash = ? AND revoked = 0`).get(hashOf(secret)) as Row | undefined;
      if (!row) return undefined;
      const usedMs = now();
      database.prepare('UPDATE api_keys SET last_used_ms = ? WHERE id = ?').run(usedMs, row.id);
      return keyOf({ ...row, last_used_ms: usedMs });
    },
    async hasAny() {
      if (anyStored) return true;
      anyStored = (await db()).prepare('SELECT 1 FROM api_keys LIMIT 1').get() !== undefined;
      return anyStored;
    },
    close: database.close,
  };
}

import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { lazyDatabase, openControlDatabase } from '../open-control-database.js';

/** `read`: GET routes and events; `admin`: everything. */
export type AdminRole = 'read' | 'admin';

/** A stored API key as the API shows it: never its secret. */
export interface StoredApiKey {
  readonly id: number;
  readonly name: string;
  readonly role: AdminRole;
  readonly createdAt: string;
  readonly lastUsedAt?: string;
  readonly revoked: boolean;
}

/** API keys created through `/api/keys`, kept hashed in `<dataDir>/control.sqlite`. */
export interface ApiKeyStore {
  /** Creates a key; the secret is returned here and never again. */
  create(input: { readonly name: string; readonly role: AdminRole }): Promise<{ readonly key: StoredApiKey; readonly secret: string }>;
  /** Every stored key, revoked ones included, oldest first. */
  list(): Promise<readonly StoredApiKey[]>;
  /** false when no key has this id. Revoking a revoked key changes nothing. */
  revoke(id: number): Promise<boolean>;
  /** The unrevoked key with this secret (its last use is recorded), or undefined. */
  authenticate(secret: string): Promise<StoredApiKey | undefined>;
  /** Whether any key was ever stored: from then on, every admin request needs a key. */
  hasAny(): Promise<boolean>;
  close(): Promise<void>;
}

export interface ApiKeyStoreOptions {
  /** The database file (its directory is created), or ':memory:'. */
  readonly file: string;
  readonly now?: () => number;
}

interface Row {
  id: number;
  name: string;
  role: AdminRole;
  created_ms: number;
  last_used_ms: number | null;
  revoked: number;
}

const SECRET_PREFIX = 'mim_';

/**
 * SHA-256 without salt or stretching is enough here: the secrets are 32 random bytes, so there is
 * no dictionary to try and no way to brute-force them, unlike passwords. It also lets a key be
 * found by its hash; that lookup is not constant-time, but its timing can only tell about hashes,
 * which reveal nothing about a secret.
 */
const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

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
export function createApiKeyStore(options: ApiKeyStoreOptions): ApiKeyStore {
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
      const secret = `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
      const createdMs = now();
      const result = database
        .prepare('INSERT INTO api_keys (name, role, hash, created_ms) VALUES (?, ?, ?, ?)')
        .run(name, role, hashOf(secret), createdMs);
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
      // Only our own format is looked up: other strings cannot be stored keys.
      if (!secret.startsWith(SECRET_PREFIX)) return undefined;
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

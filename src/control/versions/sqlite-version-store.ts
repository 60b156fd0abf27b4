import type Database from 'better-sqlite3';
import { lazyDatabase, openControlDatabase } from '../open-control-database.js';
import type { Config } from '../../config/index.js';
import { configEtag } from '../config-etag.js';
import { summarizeChange } from './diff-configs.js';
import { redactSecrets } from './redact-secrets.js';
import type { Version, VersionChange, VersionMeta, VersionStore, VersionStoreOptions } from './version-store.js';

export interface SqliteVersionStoreOptions extends VersionStoreOptions {
  /** The database file (its directory is created), or ':memory:'. */
  readonly file: string;
}

interface Row {
  id: number;
  author: string;
  at_ms: number;
  message: string | null;
  summary: string;
}

const DEFAULT_LIMIT = 50;

const metaOf = (row: Row): VersionMeta => ({
  id: row.id,
  author: row.author,
  timestamp: new Date(row.at_ms).toISOString(),
  ...(row.message !== null ? { message: row.message } : {}),
  summary: row.summary,
});

/**
 * The version history in SQLite. Opened on first use: a Mimicus whose config never changes and
 * whose admin API nobody asks never creates the file.
 */
export function createSqliteVersionStore(options: SqliteVersionStoreOptions): VersionStore {
  const now = options.now ?? Date.now;

  const open = async (): Promise<Database.Database> => {
    const db = await openControlDatabase(
      options.file,
      `CREATE TABLE IF NOT EXISTS versions (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      author TEXT NOT NULL,
      at_ms INTEGER NOT NULL,
      message TEXT,
      summary TEXT NOT NULL,
      snapshot TEXT NOT NULL
    )`,
    );
    const latest = db.prepare('SELECT snapshot FROM versions ORDER BY id DESC LIMIT 1').get() as { snapshot: string } | undefined;
    const startup = redactSecrets(options.startup.config);
    if (latest === undefined || configEtag(JSON.parse(latest.snapshot)) !== configEtag(startup)) {
      insert(
        db,
        startup,
        latest ? (JSON.parse(latest.snapshot) as Config) : undefined,
        { author: 'startup', message: 'config served at start' },
        options.startup.at.getTime(),
      );
    }
    return db;
  };
  const database = lazyDatabase(open);
  const db = database.get;

  const insert = (database: Database.Database, snapshot: Config, previous: Config | undefined, change: VersionChange, atMs: number): VersionMeta => {
    const summary = summarizeChange(previous as Record<string, unknown> | undefined, snapshot as Record<string, unknown>);
    const result = database
      .prepare('INSERT INTO versions (author, at_ms, message, summary, snapshot) VALUES (?, ?, ?, ?, ?)')
      .run(change.author, atMs, change.message ?? null, summary, JSON.stringify(snapshot));
    return metaOf({ id: Number(result.lastInsertRowid), author: change.author, at_ms: atMs, message: change.message ?? null, summary });
  };

  const versionOf = (row: (Row & { snapshot: string }) | undefined): Version | undefined =>
    row ? { ...metaOf(row), snapshot: JSON.parse(row.snapshot) as Config } : undefined;

  return {
    async record(config, change) {
      const database = await db();
      // One transaction: the summary is against the version this one follows, even with another process on the file.
      return database
        .transaction(() => {
          const latest = database.prepare('SELECT snapshot FROM versions ORDER BY id DESC LIMIT 1').get() as { snapshot: string } | undefined;
          return insert(database, redactSecrets(config), latest ? (JSON.parse(latest.snapshot) as Config) : undefined, change, now());
        })
        .immediate();
    },
    async list(listOptions = {}) {
      const database = await db();
      const limit = listOptions.limit ?? DEFAULT_LIMIT;
      const rows =
        listOptions.before === undefined
          ? database.prepare('SELECT id, author, at_ms, message, summary FROM versions ORDER BY id DESC LIMIT ?').all(limit)
          : database.prepare('SELECT id, author, at_ms, message, summary FROM versions WHERE id < ? ORDER BY id DESC LIMIT ?').all(listOptions.before, limit);
      return (rows as Row[]).map(metaOf);
    },
    async get(id) {
      return versionOf((await db()).prepare('SELECT * FROM versions WHERE id = ?').get(id) as (Row & { snapshot: string }) | undefined);
    },
    async previous(id) {
      return versionOf(
        (await db()).prepare('SELECT * FROM versions WHERE id < ? ORDER BY id DESC LIMIT 1').get(id) as (Row & { snapshot: string }) | undefined,
      );
    },
    async latest() {
      const row = (await db()).prepare('SELECT id, author, at_ms, message, summary FROM versions ORDER BY id DESC LIMIT 1').get() as Row | undefined;
      return row ? metaOf(row) : undefined;
    },
    close: database.close,
  };
}

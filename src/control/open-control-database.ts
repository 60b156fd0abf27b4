import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';

/**
 * Opens `<dataDir>/control.sqlite` (or ':memory:'), which the version history and the API keys
 * share, and creates `schema` in it. better-sqlite3 is loaded here, not at import: the native
 * module costs memory, and a Mimicus whose admin API nobody uses never opens the file.
 */
export async function openControlDatabase(file: string, schema: string): Promise<Database.Database> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const { default: SqliteDatabase } = await import('better-sqlite3');
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  // The other store in the same file, or the CLI, may hold the write lock for a moment.
  db.pragma('busy_timeout = 5000');
  db.exec(schema);
  return db;
}

import type Database from 'better-sqlite3';
import { openSqliteFile } from '../sqlite/index.js';
import { AppError } from '../errors/index.js';

/**
 * Opens `<dataDir>/control.sqlite` (or ':memory:'), which the version history and the API keys
 * share, and creates `schema` in it. better-sqlite3 is loaded here, not at import: the native
 * module costs memory, and a Mimicus whose admin API nobody uses never opens the file.
 */
export async function openControlDatabase(file: string, schema: string): Promise<Database.Database> {
  try {
    return await openSqliteFile(file, { schema });
  } catch (error) {
    // The driver's reason ("file is not a database", "unable to open database file") is what the user can act on.
    throw new AppError('CONTROL_STORE_FAILED', `cannot open the control database ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** A database opened on first use (see `lazyDatabase`). */
export interface LazyDatabase {
  /** The open database; a failed open rejects this call and is tried again by the next one. */
  get(): Promise<Database.Database>;
  /** Closes the database if it was opened. */
  close(): Promise<void>;
}

/**
 * Opens with `open` on first use. A failure is not kept: a file fixed while the server runs is
 * opened by the next call, and close() does not fail for a database that never opened.
 */
export function lazyDatabase(open: () => Promise<Database.Database>): LazyDatabase {
  let opening: Promise<Database.Database> | undefined;
  return {
    get() {
      if (opening === undefined) {
        const attempt = open();
        opening = attempt;
        attempt.catch(() => {
          if (opening === attempt) opening = undefined;
        });
      }
      return opening;
    },
    async close() {
      const db = await opening?.catch(() => undefined);
      db?.close();
    },
  };
}

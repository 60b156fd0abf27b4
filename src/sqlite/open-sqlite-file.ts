import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type Database from 'better-sqlite3';

interface SqliteFileOptions {
  /** `NORMAL` where losing the last commit to a power cut is acceptable, `OFF` for what lives one run. */
  readonly synchronous?: 'OFF' | 'NORMAL' | 'FULL';
  /** `CREATE … IF NOT EXISTS` statements, run in one write transaction. */
  readonly schema?: string;
}

/** How long an opener waits for other processes' locks, in the busy handler and in the retries below. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens a SQLite file the way every store of ours does: its directory created, WAL, a busy timeout,
 * and its schema created. `serve --workers` opens the same new file from several processes at
 * once, and two of SQLite's answers there skip the busy handler (it would deadlock): two openers
 * both switching a new file to WAL, and a write that began as a read. One worker in 60 then exited
 * at start with "database is locked" (CI failed on it), so both steps are retried here, and the
 * schema runs under `BEGIN IMMEDIATE`, which takes the write lock first and does wait.
 * better-sqlite3 is loaded here, not at import: the native module costs memory, and most configs
 * never open a file. ':memory:' and '' (a temporary file) skip the directory.
 */
export async function openSqliteFile(file: string, options: SqliteFileOptions = {}): Promise<Database.Database> {
  if (file !== ':memory:' && file !== '') mkdirSync(dirname(file), { recursive: true });
  const { default: SqliteDatabase } = await import('better-sqlite3');
  const db = new SqliteDatabase(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    await retryWhileBusy(() => db.pragma('journal_mode = WAL'), deadline);
    if (options.synchronous !== undefined) db.pragma(`synchronous = ${options.synchronous}`);
    const { schema } = options;
    if (schema !== undefined) await retryWhileBusy(() => db.transaction(() => db.exec(schema)).immediate(), deadline);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

const isBusy = (error: unknown): boolean => String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY');

async function retryWhileBusy(step: () => unknown, deadline: number): Promise<void> {
  for (;;) {
    try {
      step();
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      // Jittered, so openers that collided do not collide again on the next try.
      await sleep(5 + Math.random() * 20);
    }
  }
}

import type Database from 'better-sqlite3';
import { openSqliteFile } from '../sqlite/index.js';
import type { OpenSequencePositions } from '../app/index.js';

/** As in memory (plan/responders/sequence-cursors.ts): a client sending a new key per request cannot grow the file past this per sequence. */
const MAX_KEYS = 10_000;

/** Which Plan a sequence's positions belong to: every worker compiles the same change under the same generation. */
export interface SequenceGeneration {
  /** This `serve` run (the primary's start): positions of an earlier run are not continued. */
  readonly run: string;
  /** The primary's change id the Plan was compiled for (0: the config at start). */
  readonly change: number;
}

/**
 * The positions of `sequence:` responders in one SQLite file that every worker of `serve --workers`
 * opens: each step taken is one `BEGIN IMMEDIATE` transaction, so a sequence walks its steps in
 * order across workers (with one process per worker and positions in memory, each worker walked
 * them on its own). Synchronous like better-sqlite3, so the engine's in-memory producer stays
 * synchronous. Positions are per Plan generation: a change applied by all workers starts the
 * sequences over, as a reload does in one process, and older generations are deleted.
 */
export async function openSqliteSequencePositions(file: string, generation: () => SequenceGeneration): Promise<{ open: OpenSequencePositions; close(): void }> {
  // Positions belong to this run only: a power cut loses nothing that outlives it.
  const db: Database.Database = await openSqliteFile(file, {
    synchronous: 'OFF',
    schema: `
    CREATE TABLE IF NOT EXISTS positions (
      run TEXT NOT NULL, gen INTEGER NOT NULL, at TEXT NOT NULL, key TEXT NOT NULL, position INTEGER NOT NULL, used REAL NOT NULL,
      PRIMARY KEY (run, gen, at, key)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS positions_by_use ON positions (run, gen, at, used);
    CREATE TABLE IF NOT EXISTS sizes (run TEXT NOT NULL, gen INTEGER NOT NULL, at TEXT NOT NULL, keys INTEGER NOT NULL, PRIMARY KEY (run, gen, at)) WITHOUT ROWID;
  `,
  });
  type Where = [run: string, gen: number, at: string];
  const read = db.prepare<[...Where, string], { position: number }>('SELECT position FROM positions WHERE run = ? AND gen = ? AND at = ? AND key = ?');
  const write = db.prepare<[...Where, string, number, number]>(
    'INSERT INTO positions (run, gen, at, key, position, used) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run, gen, at, key) DO UPDATE SET position = excluded.position, used = excluded.used',
  );
  // Counted as keys come, not with COUNT(*): a client sending a new key per request would make every step scan the index.
  const count = db.prepare<Where, { keys: number }>('SELECT keys FROM sizes WHERE run = ? AND gen = ? AND at = ?');
  const countOneMore = db.prepare<Where>('INSERT INTO sizes (run, gen, at, keys) VALUES (?, ?, ?, 1) ON CONFLICT (run, gen, at) DO UPDATE SET keys = keys + 1');
  const forgetLeastUsed = db.prepare<[...Where, ...Where]>(
    'DELETE FROM positions WHERE run = ? AND gen = ? AND at = ? AND key = (SELECT key FROM positions WHERE run = ? AND gen = ? AND at = ? ORDER BY used LIMIT 1)',
  );
  // The generation before stays for requests still in flight on the Plan being replaced.
  const forgetOlder = db.prepare<[string, string, number]>('DELETE FROM positions WHERE run <> ? OR (run = ? AND gen < ?)');
  const forgetOlderSizes = db.prepare<[string, string, number]>('DELETE FROM sizes WHERE run <> ? OR (run = ? AND gen < ?)');
  let usedAt = 0;

  const open: OpenSequencePositions = (at) => {
    const { run, change } = generation();
    const where: Where = [run, change, at];
    let cleaned = false;
    const take = db.transaction((key: string, length: number, cycle: boolean): number => {
      const row = read.get(...where, key);
      const position = row?.position ?? 0;
      if (position >= length) return position;
      if (row === undefined) {
        if ((count.get(...where)?.keys ?? 0) >= MAX_KEYS) forgetLeastUsed.run(...where, ...where);
        else countOneMore.run(...where);
      }
      // Least recently used across processes: epoch time in µs is close enough (ties forget either).
      usedAt = Math.max(usedAt + 1e-3, (performance.timeOrigin + performance.now()) * 1000);
      write.run(...where, key, cycle ? (position + 1) % length : position + 1, usedAt);
      return position;
    });
    return {
      take(key, length, cycle) {
        if (!cleaned) {
          cleaned = true;
          forgetOlder.run(run, run, change - 1);
          forgetOlderSizes.run(run, run, change - 1);
        }
        return take.immediate(key, length, cycle);
      },
    };
  };
  return { open, close: () => db.close() };
}

import type { JournalEntry, JournalSummary } from './journal.js';
import type { NormalizedFilter } from './journal-filter.js';

/** One row as written: id, arrived_at, method, path, status, endpoint_id, session, duration_ms, abandoned, entry (JSON). */
export type JournalRow = [number, number, string, string, number, string | null, string | null, number, 0 | 1, string];

export interface JournalRetention {
  readonly count: number;
  readonly ageMs: number;
}

/**
 * Where journal entries older than the ring live: a port `app/` opens (SQLite in
 * `<dataDir>/journal.sqlite`; memory for tests; a Redis stream later), proven by
 * journal-store.contract.ts. The journal writes its queue in batches (every 100 ms, or at the end
 * of a turn that filled it) and reads only after its pending writes settled.
 */
export interface JournalStore {
  /** The highest id written before this store was opened (0 when empty): ids continue after a restart. */
  readonly lastId: number;
  /** What the store keeps: the newest `count`, none older than `ageMs`. */
  readonly retention: JournalRetention;
  /**
   * Inserts the rows (a row with an existing id replaces it); applies retention with the first
   * batch, then at most once a second, so between runs up to a second's rows may exceed `count`.
   */
  write(rows: readonly JournalRow[], nowMs: number): Promise<void>;
  /** Newest first, ids below `beforeId` (when given), at most `limit`. */
  list(filter: NormalizedFilter, beforeId: number | undefined, limit: number): Promise<JournalSummary[]>;
  get(id: number): Promise<JournalEntry | undefined>;
  /** Entries with ids below `beforeId` (when given). */
  count(filter: NormalizedFilter, beforeId: number | undefined): Promise<number>;
  clear(): Promise<void>;
  /** Applies retention a last time, then closes. */
  close(nowMs: number): Promise<void>;
}

/** How often retention runs at most (SQLite: ~150 µs at 10,000 rows). */
export const PRUNE_INTERVAL_MS = 1000;

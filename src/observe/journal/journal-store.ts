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
   * Inserts the rows (a row with an existing id replaces it), then applies retention: deletes the
   * rows older than `ageMs` and the oldest beyond `count`, at most `PRUNE_STEP_ROWS` (or twice the
   * batch) of each, so a backlog drains over the next batches and each batch's cost stays bounded.
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

/**
 * Rows retention deletes at most per batch, of each kind (aged out, beyond `count`), unless the
 * batch is larger (then twice the batch): deleting costs per row, so a backlog (`count` lowered
 * between runs, a restart a day later) drains in steps instead of one long stall.
 */
export const PRUNE_STEP_ROWS = 256;

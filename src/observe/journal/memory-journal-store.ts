import type { JournalEntry, JournalSummary } from './journal.js';
import type { NormalizedFilter } from './journal-filter.js';
import { PRUNE_STEP_ROWS, type JournalRetention, type JournalRow, type JournalStore } from './journal-store.js';

// Tuple positions of a JournalRow.
const ID = 0;
const ARRIVED_AT = 1;
const METHOD = 2;
const PATH = 3;
const STATUS = 4;
const ENDPOINT_ID = 5;
const SESSION = 6;
const DURATION_MS = 7;
const ABANDONED = 8;
const ENTRY = 9;

function matches(row: JournalRow, filter: NormalizedFilter, beforeId: number | undefined): boolean {
  if (beforeId !== undefined && row[ID] >= beforeId) return false;
  if (filter.endpoint !== undefined && row[ENDPOINT_ID] !== filter.endpoint) return false;
  if (filter.method !== undefined && row[METHOD] !== filter.method) return false;
  if (filter.status !== undefined && row[STATUS] !== filter.status) return false;
  if (filter.pathPrefix !== undefined && !row[PATH].startsWith(filter.pathPrefix)) return false;
  if (filter.session !== undefined && row[SESSION] !== filter.session) return false;
  if (filter.matched !== undefined && (row[ENDPOINT_ID] !== null) !== filter.matched) return false;
  if (filter.sinceMs !== undefined && row[ARRIVED_AT] < filter.sinceMs) return false;
  if (filter.untilMs !== undefined && row[ARRIVED_AT] >= filter.untilMs) return false;
  return true;
}

const summaryOf = (row: JournalRow): JournalSummary => ({
  id: String(row[ID]),
  time: new Date(row[ARRIVED_AT]).toISOString(),
  method: row[METHOD],
  path: row[PATH],
  status: row[STATUS],
  matched: row[ENDPOINT_ID] !== null,
  ...(row[ENDPOINT_ID] !== null ? { endpointId: row[ENDPOINT_ID] } : {}),
  ...(row[SESSION] !== null ? { session: row[SESSION] } : {}),
  durationMs: row[DURATION_MS],
  abandoned: row[ABANDONED] === 1,
});

/**
 * Journal rows in memory, ordered by id, with the SQLite store's retention rules: for tests of the
 * journal and as the reference the contract suite holds other stores to. Memory is bounded by
 * `retention.count`.
 */
export function createMemoryJournalStore(retention: JournalRetention): JournalStore {
  let rows: JournalRow[] = [];

  const prune = (nowMs: number, limit: number) => {
    const oldestKept = nowMs - retention.ageMs;
    let aged = 0;
    const fresh = rows.filter((row) => row[ARRIVED_AT] >= oldestKept || ++aged > limit);
    const excess = Math.min(limit, fresh.length - Math.max(0, retention.count));
    rows = excess > 0 ? fresh.slice(excess) : fresh;
  };

  const insert = (row: JournalRow) => {
    // Ids normally arrive in increasing order: append. An older or equal id goes in its place.
    let at = rows.length;
    while (at > 0 && rows[at - 1]![ID] >= row[ID]) at--;
    if (at < rows.length && rows[at]![ID] === row[ID]) rows[at] = row;
    else rows.splice(at, 0, row);
  };

  return {
    lastId: 0,
    retention,
    async write(batch, nowMs) {
      for (const row of batch) insert([...row]);
      prune(nowMs, Math.max(PRUNE_STEP_ROWS, 2 * batch.length));
    },
    async list(filter, beforeId, limit) {
      const found: JournalSummary[] = [];
      for (let i = rows.length - 1; i >= 0 && found.length < limit; i--) if (matches(rows[i]!, filter, beforeId)) found.push(summaryOf(rows[i]!));
      return found;
    },
    async get(id) {
      const row = rows.find((candidate) => candidate[ID] === id);
      return row ? (JSON.parse(row[ENTRY]) as JournalEntry) : undefined;
    },
    async count(filter, beforeId) {
      let n = 0;
      for (const row of rows) if (matches(row, filter, beforeId)) n++;
      return n;
    },
    async clear() {
      rows = [];
    },
    async close(nowMs) {
      prune(nowMs, Number.MAX_SAFE_INTEGER);
    },
  };
}

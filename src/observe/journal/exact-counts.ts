import type { Journal, JournalExchange, JournalFilter, OpenJournal } from './journal.js';

/** Keys (endpoint × method × status) counted at most: a flood of odd methods cannot grow memory. */
const MAX_KEYS = 10_000;
/** The filter fields exact counters can answer; any other field is answered from the journal. */
const COUNTED_FIELDS: ReadonlySet<string> = new Set(['endpoint', 'method', 'status', 'matched']);

/** What `POST /api/requests/count` answers. */
export interface Verification {
  readonly count: number;
  /** False when the count may be short: the journal dropped requests, or a counter limit was reached. */
  readonly exact: boolean;
  /** Requests the journal did not keep (not persisted under load). */
  readonly dropped: number;
  /** `counters`: every request since start (or the last clear), counted as it completed; `journal`: the entries kept. */
  readonly source: 'counters' | 'journal';
}

export interface CountingJournal extends OpenJournal {
  verify(filter?: JournalFilter): Promise<Verification>;
}

/**
 * Wraps the journal with exact counters per endpoint, method and status, kept for every request
 * (O(1) per request), so verification ("was create-user called 3 times with 201?") stays right
 * under load: the journal persists at most `persistPerSecond` requests a second and once counted
 * 7,510 of ~380k without saying so. Filters the counters cannot answer (path, session, time) are
 * counted in the journal, and the answer says whether that may be short.
 */
export function withExactCounts(journal: OpenJournal): CountingJournal {
  // endpoint id → method → status → count: nested maps, so counting a request builds no key string
  // (a joined key cost ~150 bytes and a hash per request, a tenth of a static stub's garbage).
  let counts = new Map<string, Map<string, Map<number, number>>>();
  let keys = 0;
  let overflowed = false;
  const count = (endpoint: string, method: string, status: number): void => {
    let byMethod = counts.get(endpoint);
    if (byMethod === undefined) counts.set(endpoint, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) byMethod.set(method, (byStatus = new Map()));
    const n = byStatus.get(status);
    if (n !== undefined) byStatus.set(status, n + 1);
    else if (keys < MAX_KEYS) {
      byStatus.set(status, 1);
      keys++;
    } else overflowed = true;
  };
  return {
    list: (filter, page) => journal.list(filter, page),
    get: (id) => journal.get(id),
    count: (filter) => journal.count(filter),
    get dropped() {
      return journal.dropped;
    },
    maxBodyBytes: journal.maxBodyBytes,
    flush: () => journal.flush(),
    close: () => journal.close(),
    async clear() {
      counts = new Map();
      keys = 0;
      overflowed = false;
      await journal.clear();
    },
    record(exchange: JournalExchange) {
      count(exchange.applied?.endpointId ?? '', exchange.method, exchange.status);
      journal.record(exchange);
    },
    async verify(filter = {}) {
      const fields = Object.entries(filter)
        .filter(([, value]) => value !== undefined)
        .map(([name]) => name);
      if (fields.every((name) => COUNTED_FIELDS.has(name))) {
        const method = filter.method?.toUpperCase();
        let total = 0;
        for (const [endpoint, byMethod] of counts) {
          if (filter.endpoint !== undefined && endpoint !== filter.endpoint) continue;
          if (filter.matched !== undefined && (endpoint !== '') !== filter.matched) continue;
          for (const [keyMethod, byStatus] of byMethod) {
            if (method !== undefined && keyMethod.toUpperCase() !== method) continue;
            for (const [status, n] of byStatus) if (filter.status === undefined || status === filter.status) total += n;
          }
        }
        return { count: total, exact: !overflowed, dropped: journal.dropped, source: 'counters' };
      }
      return { count: await journal.count(filter), exact: journal.dropped === 0, dropped: journal.dropped, source: 'journal' };
    },
  };
}

/** Whether a journal keeps exact counts (the programmatic API's own journals do). */
export const isCountingJournal = (journal: Journal): journal is Journal & Pick<CountingJournal, 'verify'> => 'verify' in journal;

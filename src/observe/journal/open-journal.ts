import type { Clock, TimerId } from '../../clock/index.js';
import type { JournalExchange, JournalSummary, OpenJournal } from './journal.js';
import { decodeCursor, encodeCursor, matchesFilter, normalizeFilter, type NormalizedFilter } from './journal-filter.js';
import { createEntrySerializer, materializeEntry, readOptions, summarize } from './materialize-entry.js';
import type { JournalRow, JournalStore } from './journal-store.js';

export interface JournalOptions {
  /** Entries kept in memory (newest first). */
  readonly size: number;
  readonly maxBodyBytes: number;
  readonly redactHeaders?: readonly string[];
  readonly redactJsonFields?: readonly string[];
  /** Query parameters redacted in URLs besides the usual credential names. */
  readonly redactQueryParams?: readonly string[];
  /** Keep entries in a store too (SQLite: they survive a restart); absent: the ring only. */
  readonly persist?: {
    /** Opened by `app/`; the journal closes it. */
    readonly store: JournalStore;
    /**
     * Entries are written at most this long after being recorded (default 100 ms), or as soon as
     * 32 are serialized; 0: at the end of the event-loop turn that recorded them. One transaction
     * costs ~35 µs whatever it holds: below a few hundred requests a second nearly every turn
     * records one request, so a write per turn was a transaction per request.
     */
    readonly batchIntervalMs?: number;
    /**
     * The most entries the end of a turn serializes (default 16; more pending: the rest in the
     * next turns). Entries are serialized at the end of the turn that recorded them, so the queue
     * keeps requests alive one turn, not until their batch is written: held longer than a
     * young-generation GC, requests made V8 pretenure their allocation sites
     * (docs/observability.md). Serializing and inserting 64 at once held the event loop for 1-2 ms
     * (bench/journal-stalls.ts).
     */
    readonly batchSize?: number;
    /**
     * At most this many requests a second are persisted, in bursts of at most as many (a token
     * bucket refilled continuously, so under steady load they are spread over the second rather
     * than all taken in its first milliseconds); the rest stay in the ring only and are counted as
     * dropped. Persisting costs ~50 µs a request (serializing, redacting, SQLite), several times
     * what a static stub costs, so without a cap a load test would be slowed by its own journal
     * (0.37x the static stub's throughput when every request was persisted).
     */
    readonly perSecond?: number;
  };
  /** Called when a batch cannot be written (the entries stay in memory only). */
  readonly onError?: (error: unknown) => void;
  /** Epoch time for persisted ids and retention, and the batch timer (a background one). */
  readonly clock: Clock;
}

/**
 * Cuts the bodies of recorded exchanges to the bytes the journal shows, copied (a slice would keep
 * the whole body): the ring and the persist queue then hold at most `size` × `maxBodyBytes` of
 * bodies, each way, not `size` × `server.maxBodySize` (100 MiB by default) of requests outside the
 * body budget, nor `size` × 10 MiB of templated responses. A cut JSON body is redacted on read by a
 * scanner that needs no end (redact-json-prefix.ts). The response body a prepared answer shares
 * between requests is cut once, not per request (the last one is remembered by reference).
 */
function createBodyCutter(maxBodyBytes: number): (exchange: JournalExchange) => JournalExchange {
  let lastResponseBody: string | Buffer | undefined;
  let lastCut: { body: Buffer; sizeBytes: number } | undefined;
  const cutResponse = (body: string | Buffer): { body: Buffer; sizeBytes: number } => {
    if (body !== lastResponseBody || lastCut === undefined) {
      const bytes = typeof body === 'string' ? Buffer.from(body.slice(0, maxBodyBytes), 'utf8') : body;
      lastResponseBody = body;
      lastCut = { body: Buffer.from(bytes.subarray(0, maxBodyBytes)), sizeBytes: typeof body === 'string' ? Buffer.byteLength(body) : body.length };
    }
    return lastCut;
  };
  return (exchange) => {
    const request = exchange.requestBody;
    const response = exchange.responseBody;
    const cutsRequest = request !== undefined && request.length > maxBodyBytes;
    // A string longer than maxBodyBytes characters is longer in bytes too; a shorter one is at most
    // 3 × maxBodyBytes bytes: not worth measuring per request.
    const cutsResponse = response !== undefined && response.length > maxBodyBytes;
    if (!cutsRequest && !cutsResponse) return exchange;
    const cut = cutsResponse ? cutResponse(response) : undefined;
    return {
      ...exchange,
      ...(cutsRequest
        ? { requestBody: Buffer.from(request.subarray(0, maxBodyBytes)), requestBodySizeBytes: Math.max(request.length, exchange.requestBodySizeBytes ?? 0) }
        : {}),
      ...(cut ? { responseBody: cut.body, responseBodySizeBytes: cut.sizeBytes } : {}),
    };
  };
}

const DEFAULT_BATCH_INTERVAL_MS = 100;
const DEFAULT_BATCH_SIZE = 16;
const WRITE_ROWS = 32;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/**
 * The journal: a ring of the last `size` exchanges, plus a store when persisted. Recording stores
 * two references in the ring and, when persisted, queues them; a timer (or the end of a turn that
 * filled the queue) writes the queue in one transaction off the request's path (retention: see the
 * store).
 *
 * Reading: a page is served from the ring while it can; once the ring is exhausted, the rest of
 * the page comes from the store (entries older than the ring's oldest), after writing what is pending.
 * `get` of an id still in the ring is O(1) (ids in the ring are consecutive).
 */
export async function openJournal(options: JournalOptions): Promise<OpenJournal> {
  const size = Math.max(1, Math.floor(options.size));
  const read = readOptions(options.maxBodyBytes, options.redactHeaders ?? [], options.redactJsonFields ?? [], options.redactQueryParams ?? []);
  const { clock } = options;
  const now = () => clock.epochMs();
  const store: JournalStore | undefined = options.persist?.store;
  const batchIntervalMs = options.persist?.batchIntervalMs ?? DEFAULT_BATCH_INTERVAL_MS;
  const batchSize = Math.max(1, options.persist?.batchSize ?? DEFAULT_BATCH_SIZE);
  const retentionCount = store?.retention.count ?? Number.POSITIVE_INFINITY;
  const perSecond = options.persist?.perSecond ?? Number.POSITIVE_INFINITY;
  const serialize = createEntrySerializer(read);
  const cutBodies = createBodyCutter(read.maxBodyBytes);

  const ring: (JournalExchange | undefined)[] = new Array<JournalExchange | undefined>(size).fill(undefined);
  let head = 0; // next slot to write
  let held = 0; // entries in the ring
  // Persisted ids start above the wall clock in microseconds: two instances sharing a data dir (or
  // a restart) never reuse an id, as neither records a million requests a second.
  let lastId = store ? Math.max(store.lastId, now() * 1000) : 0;
  let pending: JournalExchange[] = [];
  // Ids of the pending entries: not consecutive once some were dropped.
  let pendingIds: number[] = [];
  // Serialized, not yet written (strings only: the requests they came from are released).
  let serialized: JournalRow[] = [];
  // The persist cap's bucket: full at start, refilled by arrival times.
  let tokens = perSecond;
  let refilledAtMs = 0;
  let dropped = 0;
  let timer: TimerId | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let closed = false;
  // Writes not yet settled: a read waits for them, so it sees every entry it was told was recorded.
  let writing: Promise<void> = Promise.resolve();

  /** The ring slot of `id`, or -1 when it is not in the ring. */
  const slotOf = (id: number): number => {
    const back = lastId - id;
    if (back < 0 || back >= held) return -1;
    return (head - 1 - back + size * 2) % size;
  };

  /** Moves up to `most` pending entries, the oldest first, into `serialized`; true when some remain. */
  const serializePending = (most: number): boolean => {
    if (pending.length === 0) return false;
    let batch = pending;
    let ids = pendingIds;
    if (pending.length <= most) {
      pending = [];
      pendingIds = [];
    } else {
      batch = pending.slice(0, most);
      ids = pendingIds.slice(0, most);
      pending = pending.slice(most);
      pendingIds = pendingIds.slice(most);
    }
    // Retention keeps the newest `count`: older entries of a larger batch would be deleted at once.
    for (let i = Math.max(0, batch.length - retentionCount); i < batch.length; i++) serialized.push(rowOf(ids[i]!, batch[i]!));
    return pending.length > 0;
  };

  /** Writes every serialized row in one transaction. */
  const writeSerialized = (): Promise<void> => {
    if (timer) clock.clearTimeout(timer);
    timer = undefined;
    if (!store || serialized.length === 0) return writing;
    const rows = serialized.length > retentionCount ? serialized.slice(serialized.length - retentionCount) : serialized;
    const lost = serialized.length;
    serialized = [];
    const written = store.write(rows, now()).then(undefined, (error: unknown) => {
      // The batch is in memory only now, as if the cap had turned it away: counted the same way.
      dropped += lost;
      options.onError?.(error);
    });
    writing = Promise.all([writing, written]).then(() => undefined);
    return writing;
  };

  /** Everything pending, serialized and written now (reads, clear, close). */
  const flush = (): Promise<void> => {
    if (immediate) clearImmediate(immediate);
    immediate = undefined;
    serializePending(Number.POSITIVE_INFINITY);
    return writeSerialized();
  };

  /**
   * The end of a turn that recorded: serialize what it queued (at most `batchSize`, the rest in the
   * next turns), so the queue holds requests for one turn only; write once `WRITE_ROWS` rows are
   * serialized, else when the batch timer fires. The two costs are spread differently: an entry's
   * JSON (redaction included) costs ~15 µs whatever the batch, and a turn serializing 64 held the
   * loop 1-2 ms; a SQLite transaction costs per batch too (~10 µs a row at 32-64 rows, ~20 at 8-16).
   */
  function serializeSoon(): void {
    immediate = undefined;
    if (serializePending(batchSize)) immediate = setImmediate(serializeSoon);
    if (serialized.length >= WRITE_ROWS || (batchIntervalMs === 0 && pending.length === 0)) void writeSerialized();
    // What is left after a write has its own deadline.
    if (timer === undefined && batchIntervalMs > 0 && serialized.length + pending.length > 0) timer = clock.setBackgroundTimeout(writeSoon, batchIntervalMs);
  }
  function writeSoon(): void {
    timer = undefined;
    void flush();
  }

  const rowOf = (id: number, exchange: JournalExchange): JournalRow => {
    const summary = summarize(id, exchange);
    return [
      id,
      Math.floor(exchange.arrivedAtMs),
      summary.method,
      summary.path,
      summary.status,
      summary.endpointId ?? null,
      summary.session ?? null,
      summary.durationMs,
      summary.abandoned ? 1 : 0,
      serialize(exchange, summary),
    ];
  };
  const record = (recorded: JournalExchange): void => {
    if (closed) return;
    const id = ++lastId;
    const exchange = cutBodies(recorded);
    ring[head] = exchange;
    head = head + 1 === size ? 0 : head + 1;
    if (held < size) held++;
    if (!store) return;
    if (tokens < perSecond && exchange.arrivedAtMs > refilledAtMs) {
      tokens = Math.min(perSecond, tokens + ((exchange.arrivedAtMs - refilledAtMs) * perSecond) / 1000);
    }
    if (exchange.arrivedAtMs > refilledAtMs) refilledAtMs = exchange.arrivedAtMs;
    if (tokens < 1) {
      dropped++;
      return;
    }
    tokens--;
    // Written at most batchIntervalMs after the first of a batch was recorded; serialized at the
    // end of this turn (the end of a turn is not a time: setImmediate, not the clock).
    if (timer === undefined && batchIntervalMs > 0) timer = clock.setBackgroundTimeout(writeSoon, batchIntervalMs);
    pending.push(exchange);
    pendingIds.push(id);
    immediate ??= setImmediate(serializeSoon);
  };

  /** Walks the ring newest first from below `beforeId`; stops when `visit` returns false. */
  const walkRing = (beforeId: number | undefined, visit: (id: number, exchange: JournalExchange) => boolean): void => {
    for (let back = beforeId === undefined ? 0 : Math.max(0, lastId - beforeId + 1); back < held; back++) {
      if (!visit(lastId - back, ring[(head - 1 - back + size * 2) % size]!)) return;
    }
  };

  const ringOldestId = (): number | undefined => (held === 0 ? undefined : lastId - held + 1);

  const below = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

  return {
    record,
    maxBodyBytes: read.maxBodyBytes,
    get dropped() {
      return dropped;
    },
    async list(filter, page = {}) {
      const normalized: NormalizedFilter = normalizeFilter(filter);
      const limit = Math.min(Math.max(1, Math.floor(page.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
      const beforeId = decodeCursor(page.cursor);
      const found: JournalSummary[] = [];
      let exhausted = true;
      walkRing(beforeId, (id, exchange) => {
        if (!matchesFilter(exchange, normalized)) return true;
        if (found.length === limit) {
          exhausted = false;
          return false;
        }
        found.push(summarize(id, exchange));
        return true;
      });
      let more = !exhausted;
      if (exhausted && store) {
        // Read before awaiting: what the ring held when it was walked is what the store must not repeat.
        const olderThan = below(beforeId, ringOldestId());
        await flush();
        const older = await store.list(normalized, olderThan, limit - found.length + 1);
        more = found.length + older.length > limit;
        found.push(...older.slice(0, limit - found.length));
      }
      const last = found[found.length - 1];
      return more && last ? { entries: found, nextCursor: encodeCursor(Number(last.id)) } : { entries: found };
    },
    async get(id) {
      const n = Number(id);
      if (!Number.isSafeInteger(n)) return undefined;
      const slot = slotOf(n);
      if (slot >= 0) return materializeEntry(n, ring[slot]!, read);
      if (!store) return undefined;
      await flush();
      return store.get(n);
    },
    async count(filter) {
      const normalized = normalizeFilter(filter);
      let n = 0;
      walkRing(undefined, (_id, exchange) => {
        if (matchesFilter(exchange, normalized)) n++;
        return true;
      });
      if (store) {
        const olderThan = ringOldestId();
        await flush();
        n += await store.count(normalized, olderThan);
      }
      return n;
    },
    async clear() {
      ring.fill(undefined);
      held = 0;
      pending = [];
      pendingIds = [];
      serialized = [];
      await flush();
      await store?.clear();
    },
    async flush() {
      await flush();
    },
    async close() {
      if (closed) return;
      closed = true;
      await flush();
      await store?.close(now());
    },
  };
}

/**
 * The request journal (inspector): what the data plane answered, kept in a bounded ring and, when
 * persisted, in SQLite. The engine records raw exchanges; everything costly (redaction, truncation,
 * decoding, serializing) happens when an entry is read or persisted, off the request's path.
 */

// What the admin API serves of the journal is the API contract's (src/contract): one truth for the
// server and the web console.
import type { AppliedSummary, JournalEntry, JournalSummary } from '../../contract/index.js';
export type { AppliedSummary, JournalBody, JournalEntry, JournalSummary } from '../../contract/index.js';

/** Who sent the request; read only when an entry is read or persisted. */
export interface JournalIdentity {
  readonly sessionId: string;
}

/**
 * One exchange as the engine hands it over: references only (the request's header object and body
 * Buffer, the response's prepared header array and body), nothing copied on the request's path.
 */
export interface JournalExchange {
  /** Epoch milliseconds of the request's arrival. */
  readonly arrivedAtMs: number;
  /** Milliseconds from arrival to the first response byte (or to abandonment). */
  readonly firstByteMs: number;
  /** Milliseconds from arrival to the last byte handed to the socket. */
  readonly completeMs: number;
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly requestHeaders: Readonly<Record<string, string | string[] | undefined>>;
  readonly requestBody: Buffer | undefined;
  /**
   * The whole request body's size when `requestBody` holds only its first bytes (the engine kept no
   * more of a body nothing else read, or the journal cut it when recording); absent or equal to
   * `requestBody.length`: `requestBody` is whole.
   */
  readonly requestBodySizeBytes?: number;
  /** The status answered (or, when abandoned, the one that was about to be); 0 when there was none. */
  readonly status: number;
  /** Flat `[name, value, name, value, …]`, as node:http's writeHead takes them. */
  readonly responseHeaders: readonly string[];
  readonly responseBody: string | Buffer | undefined;
  /** As `requestBodySizeBytes`, for `responseBody` (cut by the journal when recording). */
  readonly responseBodySizeBytes?: number;
  readonly applied: AppliedSummary | undefined;
  /** The client left before the response was sent (or while it was being sent). */
  readonly abandoned: boolean;
  readonly identity: JournalIdentity | undefined;
}

/** The engine's side of the journal. `record` is O(1) and keeps references only. */
export interface JournalRecorder {
  record(exchange: JournalExchange): void;
}

/** Which entries to list or count; every given field must match. */
export interface JournalFilter {
  readonly endpoint?: string;
  /** Case-insensitive. */
  readonly method?: string;
  readonly status?: number;
  readonly pathPrefix?: string;
  readonly session?: string;
  readonly matched?: boolean;
  /** Arrived at or after (epoch ms or Date). */
  readonly since?: number | Date;
  /** Arrived before (epoch ms or Date). */
  readonly until?: number | Date;
}

export interface JournalPageOptions {
  /** From a previous page's `nextCursor`. */
  readonly cursor?: string;
  /** Default 100, at most 1000. */
  readonly limit?: number;
}

export interface JournalPage {
  /** Newest first. */
  readonly entries: readonly JournalSummary[];
  /** Present when there may be more (older) entries. */
  readonly nextCursor?: string;
}

/** The journal as the control plane and the programmatic API see it. */
export interface Journal {
  list(filter?: JournalFilter, page?: JournalPageOptions): Promise<JournalPage>;
  get(id: string): Promise<JournalEntry | undefined>;
  /** Forgets every entry, in memory and on disk. */
  clear(): Promise<void>;
  /** How many entries match (WireMock-style verification: "was it called 3 times?"). */
  count(filter?: JournalFilter): Promise<number>;
  /**
   * Requests recorded in the ring but not persisted: more arrived in a second than the journal
   * persists per second (`journal.persistPerSecond`), or their batch could not be written (disk
   * full, say). Once out of the ring they are gone.
   */
  readonly dropped: number;
}

/** The journal the composition root owns: recorder, reader, and its close (flushes what is pending). */
export interface OpenJournal extends Journal, JournalRecorder {
  /** How many first bytes of a request body an entry keeps (`journal.maxBodySize`): the rest is never held. */
  readonly maxBodyBytes: number;
  /** Writes what is pending now (tests; `close` does it too). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

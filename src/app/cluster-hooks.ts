import type { EventBus } from '../control/index.js';
import type { RateLimitStore } from '../engine/index.js';
import type { OpenSequencePositions } from '../plan/index.js';
import type { Journal, MetricsPort } from '../observe/index.js';
import type { ConfigListener } from './config-listener.js';

/**
 * How one Mimicus takes part in `mimicus serve --workers N` (src/workers builds these): the primary
 * serves the admin API and applies each change to every worker; a worker serves the data plane.
 */
export interface ClusterHooks {
  /** Listeners that run before all others: the primary's apply across workers, a worker's wait for the primary's word. */
  readonly leadingListeners?: readonly ConfigListener[];
  /** A worker: no version, audit line or reload metric of its own (the primary records each change once). */
  readonly quiet?: boolean;
  /** Token buckets shared by every process (a worker's SQLite store). */
  readonly rateLimitStore?: RateLimitStore;
  /** Where this process persists its journal, instead of `<dataDir>/journal.sqlite` (one file per worker slot). */
  readonly journalFile?: string;
  /** Where this process keeps its SLO windows, instead of `<dataDir>/slo.sqlite` (one file per worker slot: each counts its own share). */
  readonly sloFile?: string;
  /** Sees the local metrics and journal; the primary answers the admin API with what it returns (gathered from workers). */
  readonly metrics?: (local: MetricsPort | undefined) => MetricsPort | undefined;
  readonly journal?: (local: Journal) => Journal;
  /** The primary: `listen()` starts the admin API only; the workers serve the data plane. */
  readonly adminOnly?: boolean;
  /** Where sequences keep their positions: a worker's shared SQLite file, so steps go in order across workers. */
  readonly openSequence?: OpenSequencePositions;
  /** The admin event bus, for worker exits and restarts. */
  readonly events?: (bus: EventBus) => void;
}

/** Listeners a quiet worker leaves to the primary. */
export const PRIMARY_ONLY_LISTENERS: ReadonlySet<string> = new Set(['versions', 'audit', 'metrics', 'restart-needed']);

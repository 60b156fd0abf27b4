import { join } from 'node:path';
import type { Clock } from '../clock/index.js';
import type { Cluster } from '../cluster/index.js';
import type { Config } from '../config/index.js';
import {
  createMemoryApiKeyStore,
  createMemoryVersionStore,
  createSqliteApiKeyStore,
  createSqliteVersionStore,
  type ApiKeyStore,
  type VersionStore,
  type VersionStoreOptions,
} from '../control/index.js';
import { createMemoryRateLimitStore, type RateLimitStore } from '../engine/index.js';
import { journalOptions, openJournal, openSqliteJournalStore, withExactCounts, type JournalStore, type Logger, type OpenJournal } from '../observe/index.js';

/**
 * Where each store lives, picked here and nowhere else (STYLE.md: `app/` is the only place that
 * picks concrete implementations). With a data directory: SQLite files in it; without one
 * (`dataDir: false`): memory. With `state.store: redis`, state and rate limits are in Redis.
 */

/** The config history: `<dataDir>/control.sqlite` (shared with the API keys), else memory. */
export function openVersionStore(dataDir: string | false, startup: VersionStoreOptions['startup']): VersionStore {
  return dataDir === false ? createMemoryVersionStore({ startup }) : createSqliteVersionStore({ file: join(dataDir, 'control.sqlite'), startup });
}

/** Admin API keys created through `/api/keys`: `<dataDir>/control.sqlite`, else memory. */
export function openApiKeyStore(dataDir: string | false): ApiKeyStore {
  return dataDir === false ? createMemoryApiKeyStore() : createSqliteApiKeyStore({ file: join(dataDir, 'control.sqlite') });
}

/** Rate-limit token buckets: shared in Redis when the instance is in a cluster, else in this process. */
export function openRateLimitStore(cluster: Cluster | undefined): RateLimitStore {
  return cluster?.rateLimitStore ?? createMemoryRateLimitStore();
}

/** `state.store: redis`: where Redis is and the prefix of this cluster's keys; undefined without Redis. */
export function redisSettings(state: Config['state']): { url: string; keyPrefix: string } | undefined {
  if (state?.store !== 'redis' || state.url === undefined) return undefined;
  return { url: state.url, keyPrefix: state.keyPrefix ?? 'mimicus:' };
}

/**
 * The request journal from `config.journal`, persisted in `<dataDir>/journal.sqlite` unless the
 * config or a missing data dir says otherwise (or in `file`); undefined for `journal: false`.
 */
export async function openJournalFor(
  config: Config['journal'],
  dataDir: string | false,
  logger: Logger,
  clock: Clock,
  file?: string,
): Promise<OpenJournal | undefined> {
  const settings = journalOptions(config, dataDir);
  if (settings === undefined) return undefined;
  const { persist: persistAt, ...options } = settings;
  // A worker of `serve --workers` persists to a file of its own: entry ids are numbered per process.
  const persist = persistAt && file !== undefined ? { ...persistAt, file } : persistAt;
  const store: JournalStore | undefined = persist ? await openSqliteJournalStore(persist.file, persist.retention) : undefined;
  // Exact per-endpoint counts beside the ring, for verification (`/api/requests/count`).
  return withExactCounts(
    await openJournal({
      ...options,
      ...(store && persist ? { persist: { store, perSecond: persist.perSecond } } : {}),
      clock,
      onError: (error) => logger.error({ err: error }, 'journal batch could not be written'),
    }),
  );
}

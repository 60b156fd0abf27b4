import { join } from 'node:path';
import { parseDurationMs, parseSizeBytes, type JournalConfig } from '../../config/index.js';
import type { JournalRetention } from './journal-store.js';
import type { JournalOptions } from './open-journal.js';

// The ring keeps references to each request's headers and body until it is overwritten, so they
// outlive the young generation: at 1,000 entries the static stub lost ~7% of its throughput and
// its p99 went from 1.7 to 6-7 ms (old-generation GC), RSS +40 MiB (npm run bench -- throughput
// static). At 100 the stub measured 0.95x bare node:http again. Raise `journal.size` as needed.
const DEFAULT_SIZE = 100;
const DEFAULT_MAX_BODY_BYTES = 4 * 1024;
const DEFAULT_RETENTION_COUNT = 10_000;
const DEFAULT_RETENTION_AGE_MS = 24 * 60 * 60 * 1000;
// Persisting costs ~50 µs a request; 500 a second is ~2.5% of a core (bench row `journal`).
const DEFAULT_PERSIST_PER_SECOND = 500;

/** The journal's settings: its options, and where and how to persist when it does. */
export interface JournalSettings extends Omit<JournalOptions, 'clock' | 'persist'> {
  readonly persist?: { readonly file: string; readonly retention: JournalRetention; readonly perSecond: number };
}

/**
 * The journal's settings from `config.journal` (absent: on, with defaults), or undefined for
 * `journal: false`. Persisted in `<dataDir>/journal.sqlite` unless `persist: false` or there is no
 * data dir, at most `persistPerSecond` requests a second: persisting every request cost the static
 * stub ~60% of its throughput (0.37x), so beyond that rate requests stay in the ring only. The
 * clock and the opened store are the caller's to add (`app/` picks them).
 */
export function journalOptions(config: JournalConfig, dataDir: string | false): JournalSettings | undefined {
  if (config === false) return undefined;
  const persist = (config?.persist ?? true) && dataDir !== false;
  return {
    size: config?.size ?? DEFAULT_SIZE,
    maxBodyBytes: config?.maxBodySize !== undefined ? parseSizeBytes(config.maxBodySize) : DEFAULT_MAX_BODY_BYTES,
    redactHeaders: config?.redact?.headers ?? [],
    redactJsonFields: config?.redact?.jsonFields ?? [],
    redactQueryParams: config?.redact?.queryParams ?? [],
    ...(persist
      ? {
          persist: {
            file: join(dataDir, 'journal.sqlite'),
            retention: {
              count: config?.retention?.count ?? DEFAULT_RETENTION_COUNT,
              ageMs: config?.retention?.age !== undefined ? parseDurationMs(config.retention.age) : DEFAULT_RETENTION_AGE_MS,
            },
            perSecond: config?.persistPerSecond ?? DEFAULT_PERSIST_PER_SECOND,
          },
        }
      : {}),
  };
}

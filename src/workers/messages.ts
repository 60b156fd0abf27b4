import type { ConfigRejection } from '../control/index.js';

/**
 * What the primary and its workers say to each other over the cluster's IPC channel. A change is
 * applied in two steps (prepare, then commit or abort) so no worker serves a config another refused.
 */
export type ToWorker =
  /** The answer to `hello`: the config object to serve instead of the file's, when the admin API changed it since. */
  | { readonly t: 'init'; readonly config?: unknown; readonly events?: boolean }
  /** Forward the data plane's events (a client listens on the primary's `GET /api/events`), or stop. */
  | { readonly t: 'events'; readonly on: boolean }
  /** Step 1: compile and prepare this change, say `prepared`, then wait. A file change is read from the file again. */
  | { readonly t: 'apply'; readonly id: number; readonly config?: unknown; readonly file?: string }
  /** Step 2. */
  | { readonly t: 'commit' | 'abort'; readonly id: number }
  /** A question for the admin API (metrics, journal), answered by `answer`. */
  | { readonly t: 'ask'; readonly id: number; readonly what: Question; readonly args?: unknown }
  /** Drain requests in flight and exit. */
  | { readonly t: 'shutdown' };

export type Question = 'metrics-json' | 'metrics-export' | 'journal-list' | 'journal-get' | 'journal-count' | 'journal-clear';

export type Prepared =
  | { readonly kind: 'ready' }
  /** The worker already serves this config: nothing to commit. */
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'failed'; readonly rejection: ConfigRejection };

export type ToPrimary =
  | { readonly t: 'hello' }
  | { readonly t: 'listening'; readonly port: number; readonly host: string }
  | ({ readonly t: 'prepared'; readonly id: number } & Prepared)
  | { readonly t: 'applied'; readonly id: number }
  | { readonly t: 'answer'; readonly id: number; readonly value?: unknown; readonly error?: string }
  /** The data plane's events since the last batch (without their time); `dropped`: how many did not fit. */
  | { readonly t: 'events'; readonly list: readonly unknown[]; readonly dropped?: number };

/** Messages of ours carry `t`; anything else on the channel (Node's own cluster messages) is ignored. */
export function isMessage<T extends { t: string }>(value: unknown): value is T {
  return typeof value === 'object' && value !== null && typeof (value as { t?: unknown }).t === 'string';
}

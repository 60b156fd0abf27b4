import type { Config } from '../../config/index.js';
import type { VersionMeta } from '../../contract/index.js';

/** One applied config change, as `GET /api/versions` lists it: the API contract's shape. */
export type { VersionMeta };

/** A version with the config it made serve (API key secrets redacted). */
export interface Version extends VersionMeta {
  readonly snapshot: Config;
}

export interface VersionChange {
  readonly author: string;
  readonly message?: string;
}

export interface VersionListOptions {
  /** Default 50. */
  readonly limit?: number;
  /** Only versions with a smaller id (the paging cursor). */
  readonly before?: number;
}

/**
 * The history of applied configs: a port `app/` opens (SQLite in `<dataDir>/control.sqlite`, or
 * memory without a data dir), proven by version-store.contract.ts. Secrets are redacted before a
 * config is stored, and each version's summary is against the version it follows.
 */
export interface VersionStore {
  /** Records `config` as the newest version. */
  record(config: Config, change: VersionChange): Promise<VersionMeta>;
  /** Newest first. */
  list(options?: VersionListOptions): Promise<readonly VersionMeta[]>;
  get(id: number): Promise<Version | undefined>;
  /** The version just before `id`, if any. */
  previous(id: number): Promise<Version | undefined>;
  latest(): Promise<VersionMeta | undefined>;
  close(): Promise<void>;
}

export interface VersionStoreOptions {
  /**
   * The config served at start: recorded (author `startup`) when the store opens, unless the newest
   * stored version already equals it, so a restart on an unchanged config keeps one history.
   */
  readonly startup: { readonly config: Config; readonly at: Date };
  /** Epoch milliseconds for the versions' timestamps. */
  readonly now?: () => number;
}

import type { Config, ConfigIssue } from '../config/index.js';
import type { VersionStore } from './versions/index.js';
import type { Journal } from '../observe/index.js';
import type { ActiveWindow, DryRunPort } from './dry-run-port.js';
import type { StateEntry, StateEntryKind } from '../contract/index.js';

/** Who made a change and why: recorded with the change (versions come later). */
export interface ChangeInfo {
  /** The API key's name, or `anonymous` when the admin API has no keys. */
  readonly author: string;
  readonly message?: string;
  /**
   * Where the change came from, for the audit log: `api` (the default for apply), `import`,
   * `restore`, `reload` (the default for reloadFromFile) or `file` (the watcher).
   */
  readonly source?: 'api' | 'import' | 'restore' | 'reload' | 'file' | 'programmatic';
}

export type ApplyOutcome = { readonly ok: true } | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/** What `GET /api/status` reports besides what the admin server knows itself. */
export interface ControlStatus {
  readonly version: string;
  readonly startedAt: Date;
  readonly planId: number;
  readonly endpoints: number;
  readonly workflows: number;
  /** The directory of persisted state, or false when state is kept in memory. */
  readonly dataDir: string | false;
  /** Where the mocks answer (`http://127.0.0.1:8080`), once the data plane listens. */
  readonly dataPlaneUrl?: string;
  /** The config file, when the config came from one. */
  readonly configFile?: string;
  /** Schedule windows in force now, per endpoint. */
  readonly activeWindows: readonly ActiveWindow[];
}

// What `GET /api/state` lists is the API contract's shape.
export type { StateEntry, StateEntryKind };

/** The state of the running Mimicus, as the app's StateAdmin offers it (declared here so control never imports app). */
export interface StatePort {
  list(scope?: string, options?: { readonly kind?: StateEntryKind; readonly limit?: number }): Promise<readonly StateEntry[]>;
  get(scope: string, key: string): Promise<unknown>;
  set(scope: string, key: string, value: unknown, options?: { readonly ttlMs?: number }): Promise<void>;
  delete(scope: string, key: string): Promise<boolean>;
  reset(scope: string): Promise<number>;
  resetWorkflow(workflowId: string, scope?: string): Promise<number>;
  /**
   * Puts a workflow into one of its states in one concrete scope; rejects with WORKFLOW_NOT_FOUND,
   * WORKFLOW_STATE_INVALID or STATE_SCOPE_INVALID.
   */
  setWorkflow(workflowId: string, scope: string, state: string): Promise<void>;
}

/**
 * Everything the admin API may do to a running Mimicus. The app implements it; the admin server
 * sees nothing else of the engine.
 */
export interface ControlPort {
  /** The config being served (after migration and validation, before compilation). */
  config(): Config;
  /** Every problem of a candidate config (schema, semantics, compilation), nothing applied. */
  validate(config: unknown): Promise<readonly ConfigIssue[]>;
  /** Validates, compiles and swaps the Plan; resolves once the new config serves. */
  apply(config: unknown, change: ChangeInfo): Promise<ApplyOutcome>;
  /** Reads the config file again and applies it; undefined when the config did not come from a file. */
  reloadFromFile(change: ChangeInfo): Promise<ApplyOutcome | undefined>;
  /**
   * Runs config changes one at a time, whoever makes them (admin API, file watcher, programmatic
   * reload), so a read-check-apply sequence (If-Match, create with a fresh id) never interleaves
   * with another change. `apply` and `reloadFromFile` do not take it themselves: wrap them.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  status(): ControlStatus;
  readonly state: StatePort;
  /** The history of applied configs (`/api/versions`, export, import). */
  readonly versions: VersionStore;
  /** The request journal (`/api/requests`). */
  readonly journal: Journal;
  /** Dry runs: `POST /api/match` and `POST /api/preview`. */
  readonly dryRun: DryRunPort;
}

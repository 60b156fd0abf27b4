import type { Config, ConfigIssue } from '../config/index.js';
import type { ErrorCode } from '../errors/index.js';
import type { VersionMeta, VersionStore } from './versions/index.js';
import type { Journal, JournalFilter } from '../observe/index.js';
import type { ActiveWindow, DryRunPort } from './dry-run-port.js';
import type { ImportPort } from './import-port.js';
import type {
  EndpointTestRequest,
  EndpointTestResult,
  JournalEntry,
  JournalList,
  ServerStatus,
  StateEntry,
  StateEntryKind,
  UpstreamStatus,
} from '../contract/index.js';

/** Where a config change came from (the audit log, events and versions say it). */
export type ChangeSource = 'api' | 'import' | 'restore' | 'reload' | 'file' | 'programmatic' | 'cluster';

/** Who made a change, why, and from where. */
export interface ChangeInfo {
  /** The API key's name, or `anonymous` when the admin API has no keys. */
  readonly author: string;
  readonly message?: string;
  /** Default: `api` for apply, `reload` for reloadFromFile. */
  readonly source?: ChangeSource;
  /**
   * Write the change back to the config file it came from. Default: yes for the admin API's
   * changes (`api`, `import`, `restore`), never for `m.reload()` unless asked, and moot for changes
   * read from the file itself.
   */
  readonly writeBack?: boolean;
}

/** Why a change was refused; nothing of it was applied and the running config keeps serving. */
export interface ConfigRejection {
  /** CONFIG_INVALID or CONFIG_CONFLICT (issues of the config), CONFIG_FILE_CHANGED, or the code of what could not be prepared. */
  readonly code: ErrorCode;
  /** One sentence for the log and the problem answer. */
  readonly detail: string;
  readonly issues: readonly ConfigIssue[];
}

export type ApplyOutcome =
  /** The config equals the one served: nothing recorded, written or published. */
  | { readonly ok: true; readonly changed: false }
  | {
      readonly ok: true;
      readonly changed: true;
      /** The version it was recorded as (absent only when the history could not be written). */
      readonly version?: VersionMeta;
      /** Settings read once at start that this change sets: they apply at the next start (`server.port`, …). */
      readonly restartNeeded: readonly string[];
      /** What went wrong after it served (not written back to the file, …). */
      readonly warnings: readonly string[];
    }
  | { readonly ok: false; readonly rejection: ConfigRejection };

/** The config: read it, check a candidate, change it. Every change goes through the app's one ConfigLifecycle. */
export interface ConfigPort {
  /** The config being served (after migration and validation, before compilation). */
  current(): Config;
  /** Every problem of a candidate config (schema, semantics, compilation), nothing applied. */
  validate(config: unknown): Promise<readonly ConfigIssue[]>;
  /** Validates, compiles and swaps the Plan; resolves once the new config serves. */
  apply(config: unknown, change: ChangeInfo): Promise<ApplyOutcome>;
  /** Reads the config file again and applies it; undefined when the config did not come from a file. */
  reloadFromFile(change: ChangeInfo): Promise<ApplyOutcome | undefined>;
  /**
   * Runs a read-check-apply sequence (If-Match, create with a fresh id) as one change: no other
   * change (admin API, file watcher, `m.reload()`) interleaves. `apply` and `reloadFromFile` take
   * the same lock themselves, and may be called inside.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
}

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
  /** With state.store redis: this instance and the others seen. */
  readonly cluster?: ServerStatus['cluster'];
}

export interface StatusPort {
  status(): ControlStatus;
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

/** The upstreams at run time (`/api/upstreams`): read their state, drain and enable targets. */
export interface UpstreamPort {
  list(): readonly UpstreamStatus[];
  /** What upstream `id` looks like after target `index` was drained (or enabled), or which of the two is missing. */
  setDrained(id: string, index: number, drained: boolean): UpstreamStatus | 'no-upstream' | 'no-target';
  /** Closes every circuit breaker of upstream `id`'s targets; what it looks like after. */
  resetBreakers?(id: string): UpstreamStatus | 'no-upstream';
}

/** `POST /api/endpoints/{id}/test`: one request sent through an endpoint; rejects with ENDPOINT_NOT_FOUND or ADMIN_REQUEST_INVALID. */
export interface EndpointTestPort {
  test(endpointId: string, request: EndpointTestRequest): Promise<EndpointTestResult>;
}

/** With Redis: the journals of every instance (`/api/requests?scope=cluster`, `?instance=`), asked over Redis. */
export interface ClusterJournalPort {
  /** Newest first across the instances asked (all, or `instance`), each entry naming its instance. */
  list(
    filter: JournalFilter | undefined,
    page: { readonly cursor?: string; readonly limit?: number },
    instance?: string,
  ): Promise<Pick<JournalList, 'items' | 'nextCursor' | 'dropped' | 'instances' | 'unanswered'>>;
  get(instance: string, id: string): Promise<JournalEntry | undefined>;
  count(filter: JournalFilter | undefined, instance?: string): Promise<{ count: number; instances: string[]; unanswered: string[] }>;
}

/**
 * The small ports the admin server is handed, one per concern; it sees nothing else of a running
 * Mimicus (metrics and events come beside them in the server's options).
 */
export interface AdminPorts {
  readonly config: ConfigPort;
  readonly state: StatePort;
  /** The request journal (`/api/requests`). */
  readonly journal: Journal;
  /** The history of applied configs (`/api/versions`, export). */
  readonly versions: VersionStore;
  /** Dry runs: `POST /api/match` and `POST /api/preview`. */
  readonly dryRun: DryRunPort;
  readonly status: StatusPort;
  /** Importers of foreign formats (`POST /api/import?format=openapi`); absent: only Mimicus configs import. */
  readonly importer?: ImportPort;
  /** The upstreams' runtime state; absent: `/api/upstreams` lists none. */
  readonly upstreams?: UpstreamPort;
  /** Sends test requests through endpoints; absent: `POST /api/endpoints/{id}/test` is not offered. */
  readonly endpointTest?: EndpointTestPort;
  /** With Redis: the other instances' journals; absent: `scope=cluster` and `instance=` answer 400. */
  readonly clusterJournal?: ClusterJournalPort;
}

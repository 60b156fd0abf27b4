import type { EventStreamOptions } from '../control/index.js';
import type { StateAdmin } from './state-admin.js';
import type { Journal } from '../observe/index.js';
import type { Plan } from '../plan/index.js';
import type { ConfigInput } from './load-plan.js';

/* The handle createMimicus answers with, and the options of its methods: the programmatic API's shape. */

export interface AdminListenOptions {
  readonly port?: number;
  readonly host?: string;
  /** `GET /api/events` tuning: metrics interval, request sampling, the slow-client bound. */
  readonly events?: EventStreamOptions;
}

export interface ReloadOptions {
  /**
   * Write a config object back to the config file this Mimicus serves (default false: the file
   * stays as the user wrote it, and admin API changes are not written back either until the file
   * is loaded again). Refused with CONFIG_FILE_CHANGED when the file holds an edit not loaded yet.
   */
  readonly writeBack?: boolean;
}

export interface ReloadResult {
  /** false when the config equals the one served: no version was recorded. */
  readonly changed: boolean;
  /** The version the change was recorded as. */
  readonly version?: number;
  /** Settings read once at start that the change sets (`server.port`, …): they apply at the next start. */
  readonly restartNeeded: readonly string[];
  /** What went wrong after it served (e.g. not written back to the file). */
  readonly warnings: readonly string[];
}

export interface Mimicus {
  /** Starts serving; without arguments uses `server.port`/`server.host` (port 0 picks a free port). */
  listen(port?: number, host?: string): Promise<void>;
  /** `http://host:port` once listening. */
  readonly url: string;
  readonly port: number;
  /** The Plan being served. */
  readonly plan: Plan;
  /**
   * Replaces the served config with a file (which is then the one served, watched and written
   * back to) or a config object, through the same lifecycle as every other change: a version, a
   * `config.applied` event, the audit line. An object is not written to the config file unless
   * `writeBack: true`. On an invalid config throws ConfigInvalidError and keeps serving the old one.
   */
  reload(input: ConfigInput, options?: ReloadOptions): Promise<ReloadResult>;
  /** Reads and changes the state being served (variables, counters, CRUD items, workflow states). */
  readonly state: StateAdmin;
  /** The request journal (what was asked and answered); empty and recording nothing with `journal: false`. */
  readonly journal: Journal;
  /**
   * Starts the admin API on its own listener (arguments, then `options.admin`, then the config's
   * `admin:` block, then 127.0.0.1:8081; port 0 picks a free port).
   */
  listenAdmin(port?: number, host?: string): Promise<void>;
  /** `http://host:port` of the admin API once it listens. */
  readonly adminUrl: string;
  /** Whether the admin API listens. */
  readonly adminListening: boolean;
  /** Graceful shutdown: in-flight requests finish (within server.shutdownTimeout). */
  close(): Promise<void>;
}

import type { ChangeSource, ConfigRejection, VersionMeta } from '../control/index.js';
import type { Plan } from '../plan/index.js';
import type { ServedConfig } from './served-config.js';

/** A change as the lifecycle carries it to its listeners: every field settled. */
export interface ConfigChange {
  readonly author: string;
  readonly message?: string;
  readonly source: ChangeSource;
  /** Whether the change is to be written back to the config file (see ChangeInfo.writeBack). */
  readonly writeBack: boolean;
}

/** A valid, compiled change about to serve. */
export interface PendingChange {
  readonly change: ConfigChange;
  readonly previous: ServedConfig;
  readonly next: ServedConfig;
  readonly plan: Plan;
  /** Read from the config files (watcher, reload), not sent as an object: nothing to write back. */
  readonly fromFiles: boolean;
}

/** A change that serves now, with what the listeners before have learned about it. */
export interface AppliedChange extends PendingChange {
  /** Settings read once at start that this change sets (`server.port`, …): they apply at the next start. */
  readonly restartNeeded: readonly string[];
  /** Set by the versions listener for the listeners after it. */
  readonly version?: VersionMeta;
  /** What went wrong on the way (not written back to the file, …); the caller hears them. */
  readonly warnings: readonly string[];
}

/** What a listener adds to an applied change for the listeners after it and for the caller. */
export interface AppliedFacts {
  readonly version?: VersionMeta;
  readonly warning?: string;
}

/**
 * One concern that follows config changes (versions, events, metrics, audit, write-back, the file
 * watcher; next: upstream reconcile, cluster propagation). Adding one is a new file in listeners/
 * and its line in the list: the lifecycle calls every listener the same way, in order.
 */
export interface ConfigListener {
  readonly name: string;
  /**
   * Before the new Plan serves, in order: a rejection refuses the change and nothing of it is
   * applied; a warning lets it serve. The last step that may still refuse, so it is where the
   * config file is written (write-back).
   */
  commit?(pending: PendingChange): Promise<ConfigRejection | { readonly warning: string } | undefined>;
  /** Once the change serves; throwing is logged, never undoes it. */
  onApplied?(applied: AppliedChange): Promise<AppliedFacts | void> | AppliedFacts | void;
  /** A change refused (invalid, or refused by a commit step): nothing applied. */
  onRejected?(change: ConfigChange, rejection: ConfigRejection): void;
  /** The served config was read from its files again (applied or not): which files, with which content. */
  onFilesLoaded?(served: ServedConfig): void;
}

import { formatIssue, type ConfigIssue } from '../config/index.js';
import type { Logger } from './logger.js';

/** Where a config change came from. */
export type ConfigChangeSource = 'api' | 'import' | 'restore' | 'reload' | 'file' | 'programmatic' | 'cluster';

export interface AppliedConfigChange {
  readonly author: string;
  readonly source: ConfigChangeSource;
  /** The version it was recorded as. */
  readonly version: number;
  /** One line: `endpoints: +orders-create, ~users-get; server changed`. */
  readonly summary: string;
  readonly message?: string | undefined;
  /** The Plan now serving. */
  readonly planId?: number;
}

export interface RejectedConfigChange {
  readonly author: string;
  readonly source: ConfigChangeSource;
  readonly issues: readonly ConfigIssue[];
}

/** The audit trail of config changes: who changed what, when (the line's `time`), from where. */
export interface ConfigAudit {
  applied(change: AppliedConfigChange): void;
  rejected(change: RejectedConfigChange): void;
}

/** How many issues a rejected line spells out; `issues` always has the full count. */
const LISTED_ISSUES = 5;

/** One log line per applied (info) or rejected (warn) change, each with `audit` naming the event. */
export function createConfigAudit(logger: Logger): ConfigAudit {
  const audit = logger.child({ log: 'audit' });
  return {
    applied({ author, source, version, summary, message, planId }) {
      audit.info(
        {
          audit: 'config.applied',
          author,
          source,
          version,
          summary,
          ...(message !== undefined ? { message } : {}),
          ...(planId !== undefined ? { planId } : {}),
        },
        `config applied by ${author} (${source}) as version ${version}: ${summary}`,
      );
    },
    rejected({ author, source, issues }) {
      audit.warn(
        { audit: 'config.rejected', author, source, issues: issues.length, problems: issues.slice(0, LISTED_ISSUES).map((issue) => formatIssue(issue)) },
        `config change by ${author} (${source}) rejected with ${issues.length} issue${issues.length === 1 ? '' : 's'}; the running config keeps serving`,
      );
    },
  };
}

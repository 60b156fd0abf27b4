import { formatIssue } from '../../config/index.js';
import type { ConfigAudit, Logger } from '../../observe/index.js';
import type { ConfigListener } from '../config-listener.js';

/** One audit line per applied or rejected change; a rejected file edit is also logged with its located issues. */
export function auditListener(audit: ConfigAudit, logger: Logger): ConfigListener {
  return {
    name: 'audit',
    onApplied({ change, version, plan }) {
      if (!version) return;
      audit.applied({ author: change.author, source: change.source, version: version.id, summary: version.summary, message: change.message, planId: plan.id });
    },
    onRejected(change, rejection) {
      audit.rejected({ author: change.author, source: change.source, issues: rejection.issues });
      if (change.source !== 'file') return;
      const lines = rejection.issues.map((issue) => `  ${formatIssue(issue)}`).join('\n');
      logger.warn({ issues: rejection.issues.length }, `config file change rejected; the running config keeps serving:\n${lines}`);
    },
  };
}

import type { ConditionSet } from '../../plan/index.js';
import type { Outcome } from './attempt.js';

/** Whether an outcome is one `set` lists (retryOn, failOn). A protocol error counts as a reset. */
export function matchesCondition(set: ConditionSet, outcome: Outcome): boolean {
  if (outcome.kind === 'answer') return set.statuses.has(outcome.status) || (set.any5xx && outcome.status >= 500);
  switch (outcome.failure) {
    case 'connect-failure':
      return set.connectFailure;
    case 'reset':
    case 'protocol':
      return set.reset;
    case 'timeout':
      return set.timeout;
    default:
      return false;
  }
}

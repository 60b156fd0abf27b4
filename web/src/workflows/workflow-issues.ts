import type { ConfigIssueBody as ConfigIssue } from '../../../src/contract/index.ts';
import { issuesOfListItem, type DraftIssue } from '../editor/draft-issues.ts';

/** The issues of a whole candidate config (or a single-workflow request) that concern the workflow at `index`. */
export const issuesOfWorkflow = (issues: readonly ConfigIssue[], index: number): DraftIssue[] => issuesOfListItem(issues, 'workflows', index);

/** The form's places for issues, most specific first; an issue shows under the first place it is in. */
export function placesOf(transitionCount: number): string[] {
  const transitions = Array.from({ length: transitionCount }, (_, t) =>
    ['on', 'from', 'to', 'when'].map((field) => `states.transitions[${t}].${field}`).concat(`states.transitions[${t}]`),
  ).flat();
  return [
    'id',
    'description',
    'endpoints',
    'match.pathPrefix',
    'match.tags',
    'match',
    'scope',
    'precedence',
    'states.initial',
    ...transitions,
    'states.transitions',
    'states',
    'overrides',
    'rateLimit',
  ];
}

import type { ConfigIssueBody as ConfigIssue } from '../../../src/contract/index.ts';
import type { DraftIssue } from '../editor/draft-issues.ts';

const WORKFLOW_PATH = /^workflows\[(\d+)\]\.?/;

/**
 * The issues of a whole candidate config that concern the workflow at `index`, by their path
 * inside it (`states.transitions[0].on`); a single-workflow request's issues (`body.…`) too. An
 * issue whose related place is this workflow (a member endpoint that clashes) is kept, unplaced.
 */
export function issuesOfWorkflow(issues: readonly ConfigIssue[], index: number): DraftIssue[] {
  const mine: DraftIssue[] = [];
  const isMine = (path: string) => Number(WORKFLOW_PATH.exec(path)?.[1] ?? -1) === index;
  for (const issue of issues) {
    if (isMine(issue.path)) mine.push({ path: issue.path.replace(WORKFLOW_PATH, ''), message: issue.message, conflictsWith: [] });
    else if (/^(body|definition)(\.|$)/.test(issue.path))
      mine.push({ path: issue.path.replace(/^(body|definition)\.?/, ''), message: issue.message, conflictsWith: [] });
    else if (issue.related?.some((place) => isMine(place.path))) mine.push({ path: '', message: `${issue.path}: ${issue.message}`, conflictsWith: [] });
  }
  return mine;
}

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

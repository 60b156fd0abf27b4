import type { ConfigIssueBody as ConfigIssue } from '../../../src/contract/index.ts';

export type FormField = 'id' | 'method' | 'path' | 'status' | 'body';

/** Issues of a create or replace, sorted to the form field they concern; the rest are shown above the form. */
export interface FieldIssues {
  readonly byField: Partial<Record<FormField, string[]>>;
  readonly general: string[];
}

const FIELD_OF_PATH: Record<string, FormField> = {
  id: 'id',
  method: 'method',
  path: 'path',
  'response.status': 'status',
  'response.body': 'body',
};

/**
 * The server names an issue by its place in the whole config (`endpoints[3].response.status`) or,
 * for request-shape errors, in the body (`body.path`): both are reduced to the endpoint's own path.
 */
export function issuesByField(issues: readonly ConfigIssue[]): FieldIssues {
  const byField: Partial<Record<FormField, string[]>> = {};
  const general: string[] = [];
  for (const issue of issues) {
    const local = issue.path.replace(/^(endpoints\[\d+\]|body)\.?/, '');
    const field = FIELD_OF_PATH[local];
    if (field) (byField[field] ??= []).push(issue.message);
    else general.push(local === '' ? issue.message : `${local}: ${issue.message}`);
  }
  return { byField, general };
}

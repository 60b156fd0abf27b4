import type { ConfigIssueBody as ConfigIssue } from '../../../src/contract/index.ts';

/** An issue of the edited endpoint, by its path inside the endpoint (`response.status`), with the endpoints it clashes with. */
export interface DraftIssue {
  readonly path: string;
  readonly message: string;
  readonly conflictsWith: readonly string[];
  /** `schema`: found in the browser from the published config schema; otherwise the server's answer. */
  readonly source?: 'schema';
}

const ENDPOINT_PATH = /^endpoints\[(\d+)\]\.?/;

function indexOf(path: string): number | undefined {
  const found = ENDPOINT_PATH.exec(path);
  return found ? Number(found[1]) : undefined;
}

/**
 * Keeps the issues of the whole candidate config that concern the endpoint at `index`: those in it,
 * and clashes where it is the related side. Ids come from the issue (`id` on it and its `related`)
 * or, when the server names only a path, from the candidate's endpoint at that index.
 */
export function issuesOfEndpoint(issues: readonly ConfigIssue[], index: number, endpointIds: readonly string[]): DraftIssue[] {
  const myId = endpointIds[index];
  const idAt = (path: string, id?: string) => id ?? endpointIds[indexOf(path) ?? -1];
  const isMine = (path: string, id?: string) => (id !== undefined ? id === myId : indexOf(path) === index);
  const mine: DraftIssue[] = [];
  for (const issue of issues as readonly (ConfigIssue & { id?: string; related?: readonly { path: string; id?: string }[] })[]) {
    const related = issue.related ?? [];
    if (isMine(issue.path, issue.id)) {
      mine.push({
        path: issue.path.replace(ENDPOINT_PATH, ''),
        message: issue.message,
        conflictsWith: related.map((r) => idAt(r.path, r.id)).filter((id): id is string => id !== undefined && id !== myId),
      });
    } else if (related.some((r) => isMine(r.path, r.id))) {
      const other = idAt(issue.path, issue.id);
      mine.push({ path: '', message: issue.message, conflictsWith: other ? [other] : [] });
    }
  }
  return mine;
}

/** Issues of a single-endpoint request (PUT/POST, preview): paths are the endpoint's own or `body.`-prefixed. */
export function issuesOfRequest(issues: readonly ConfigIssue[], endpointIds: readonly string[], index: number): DraftIssue[] {
  if (issues.some((issue) => ENDPOINT_PATH.test(issue.path))) return issuesOfEndpoint(issues, index, endpointIds);
  return issues.map((issue) => ({
    path: issue.path.replace(/^(body|definition)\.?/, ''),
    message: issue.message,
    conflictsWith: [],
  }));
}

/** Does the issue at `issuePath` belong under the field at `fieldPath` (the field itself or inside it)? */
export const isUnder = (issuePath: string, fieldPath: string) =>
  issuePath === fieldPath || issuePath.startsWith(`${fieldPath}.`) || issuePath.startsWith(`${fieldPath}[`);

/**
 * The issues of a whole candidate config that concern the item at `index` of a top-level list
 * (`workflows`, `upstreams`), by their path inside it (`targets[0].url`); a single-item request's
 * issues (`body.…`) too. An issue whose related place is this item (a member endpoint that clashes)
 * is kept, unplaced.
 */
export function issuesOfListItem(issues: readonly ConfigIssue[], list: string, index: number): DraftIssue[] {
  const itemPath = new RegExp(`^${list}\\[(\\d+)\\]\\.?`);
  const isMine = (path: string) => Number(itemPath.exec(path)?.[1] ?? -1) === index;
  const mine: DraftIssue[] = [];
  for (const issue of issues) {
    if (isMine(issue.path)) mine.push({ path: issue.path.replace(itemPath, ''), message: issue.message, conflictsWith: [] });
    else if (/^(body|definition)(\.|$)/.test(issue.path))
      mine.push({ path: issue.path.replace(/^(body|definition)\.?/, ''), message: issue.message, conflictsWith: [] });
    else if (issue.related?.some((place) => isMine(place.path))) mine.push({ path: '', message: `${issue.path}: ${issue.message}`, conflictsWith: [] });
  }
  return mine;
}

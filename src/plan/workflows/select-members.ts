import type { ConfigIssue, Endpoint, WorkflowConfig } from '../../config/index.js';
import { suggestName } from './suggest-name.js';

/**
 * The endpoint indexes a workflow selects: the listed ids (`endpoints:`), or every endpoint whose
 * path starts with `match.pathPrefix` at a segment boundary and that has any of `match.tags`
 * (each part optional; every given part must hold). Unknown ids and an empty selection are issues.
 */
export function selectMembers(
  workflow: WorkflowConfig,
  at: string,
  endpoints: readonly Endpoint[],
  indexById: ReadonlyMap<string, number>,
  issues: ConfigIssue[],
): number[] {
  if (workflow.endpoints !== undefined) {
    const members: number[] = [];
    const firstAt = new Map<number, string>();
    workflow.endpoints.forEach((id, k) => {
      const idAt = `${at}.endpoints[${k}]`;
      const index = indexById.get(id);
      if (index === undefined) {
        issues.push({ path: idAt, message: `no endpoint has id "${id}"${suggestName(id, indexById.keys())}` });
        return;
      }
      const first = firstAt.get(index);
      if (first !== undefined) {
        issues.push({ path: idAt, message: `lists endpoint "${id}" twice`, related: [{ path: first }] });
        return;
      }
      firstAt.set(index, idAt);
      members.push(index);
    });
    return members;
  }
  const match = workflow.match;
  if (match === undefined || (match.pathPrefix === undefined && match.tags === undefined)) return []; // checkSemantics reports it
  const members = endpoints.flatMap((endpoint, index) => (isSelected(endpoint, match.pathPrefix, match.tags) ? [index] : []));
  if (members.length === 0) issues.push({ path: `${at}.match`, message: `selects no endpoint (${describe(match.pathPrefix, match.tags)})` });
  return members;
}

function isSelected(endpoint: Endpoint, pathPrefix: string | undefined, tags: readonly string[] | undefined): boolean {
  if (pathPrefix !== undefined && !hasPathPrefix(endpoint.path, pathPrefix)) return false;
  if (tags !== undefined && !tags.some((tag) => endpoint.tags?.includes(tag))) return false;
  return true;
}

/** `/shop` selects `/shop` and `/shop/cart`, never `/shopping`. */
export function hasPathPrefix(path: string, pathPrefix: string): boolean {
  const prefix = pathPrefix.replace(/\/+$/, '');
  if (prefix === '') return true;
  return path === prefix || path.startsWith(`${prefix}/`);
}

function describe(pathPrefix: string | undefined, tags: readonly string[] | undefined): string {
  const parts = [
    ...(pathPrefix === undefined ? [] : [`a path under "${pathPrefix}"`]),
    ...(tags === undefined ? [] : [`tag ${tags.map((tag) => `"${tag}"`).join(' or ')}`]),
  ];
  return `none has ${parts.join(' and ')}`;
}

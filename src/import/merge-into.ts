import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import type { Endpoint } from '../config/index.js';

export interface MergeConflict {
  /** The imported endpoint left out. */
  readonly id: string;
  /** The existing endpoint it clashes with. */
  readonly existing: string;
  readonly reason: 'same id' | 'same method and path';
}

export interface EndpointMerge {
  readonly added: readonly Endpoint[];
  readonly conflicts: readonly MergeConflict[];
}

const methodsOf = (endpoint: Endpoint): string => {
  const m = endpoint.method ?? '*';
  return Array.isArray(m) ? [...m].sort().join(',') : m;
};

/** Equal for endpoints that answer the same requests: method, path (names ignored), match and priority. */
const routeKey = (endpoint: Endpoint): string =>
  `${methodsOf(endpoint)} ${endpoint.path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '')} ${endpoint.priority ?? 0} ${JSON.stringify(endpoint.match ?? null)}`;

/**
 * Imported endpoints against existing ones: an endpoint with an id in use, or answering the same
 * requests as an existing one, is left out and reported; the existing config always wins.
 */
export function mergeEndpoints(existing: readonly Endpoint[], incoming: readonly Endpoint[]): EndpointMerge {
  const ids = new Map(existing.map((e) => [e.id, e]));
  const routes = new Map(existing.map((e) => [routeKey(e), e.id]));
  const added: Endpoint[] = [];
  const conflicts: MergeConflict[] = [];
  for (const endpoint of incoming) {
    if (ids.has(endpoint.id)) {
      conflicts.push({ id: endpoint.id, existing: endpoint.id, reason: 'same id' });
      continue;
    }
    const route = routes.get(routeKey(endpoint));
    if (route !== undefined) {
      conflicts.push({ id: endpoint.id, existing: route, reason: 'same method and path' });
      continue;
    }
    added.push(endpoint);
  }
  return { added, conflicts };
}

/**
 * `--into existing.yaml`: the imported endpoints appended to the existing file's `endpoints`,
 * keeping its comments and layout; conflicting ones are left out and reported.
 */
export function mergeIntoText(
  existingText: string,
  incoming: readonly Endpoint[],
): { ok: true; text: string; merge: EndpointMerge } | { ok: false; message: string } {
  const doc: Document = parseDocument(existingText);
  if (doc.errors.length > 0) return { ok: false, message: `the existing config is not valid YAML: ${doc.errors[0]!.message}` };
  if (!isMap(doc.contents)) return { ok: false, message: 'the existing config is not a map' };
  const current = (doc.toJS() as { endpoints?: Endpoint[] }).endpoints ?? [];
  const merge = mergeEndpoints(Array.isArray(current) ? current : [], incoming);
  let seq = doc.get('endpoints');
  if (!isSeq(seq)) {
    seq = doc.createNode([]);
    doc.set('endpoints', seq);
  }
  if (!isSeq(seq)) return { ok: false, message: "the existing config's endpoints is not a list" };
  for (const endpoint of merge.added) seq.add(doc.createNode(endpoint, { aliasDuplicateObjects: false }));
  return { ok: true, text: doc.toString({ lineWidth: 0 }), merge };
}

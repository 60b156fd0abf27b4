import type { MockRequest } from '../mock-request.js';
import { acceptsText } from './find-overlaps.js';
import { segmentSimilarity } from './find-neighbours.js';
import type { PathSegment } from './path-template.js';
import type { RouteEntry } from './route-entry.js';
import type { Mismatch, NearMiss, Routable } from './types.js';

/** Below this path similarity an endpoint is not "near" at all and is left out. */
const MIN_PATH_SIMILARITY = 0.5;

interface Scored<E extends Routable> {
  entry: RouteEntry<E>;
  mismatches: Mismatch[];
  score: number;
}

/**
 * The endpoints closest to an unmatched request, closest first, among `candidates` (the path's
 * neighbourhood, bounded: see findNeighbours). Scores: path distance weighs most (similarity per
 * segment, Levenshtein on static text), then a wrong method, then each failing predicate.
 * Predicates are explained only for the best few by path and method, since explaining can be
 * costly (JSON Schema, JSONPath).
 */
export function rankNearMisses<E extends Routable>(
  candidates: readonly RouteEntry<E>[],
  request: MockRequest,
  actualSegments: readonly string[],
  limit: number,
): NearMiss[] {
  if (limit <= 0) return [];
  const scored: Scored<E>[] = [];
  for (const entry of candidates) {
    // 1 exactly when every segment takes its text and the counts agree, i.e. the path matches:
    // no whole-path regex per candidate.
    const similarity = pathSimilarity(entry.template.segments, actualSegments);
    if (similarity < MIN_PATH_SIMILARITY) continue;
    const pathOk = similarity === 1;
    const methods = entry.endpoint.methods;
    const methodOk = methods === null || methods.has(request.method) || (request.method === 'HEAD' && methods.has('GET'));
    const mismatches: Mismatch[] = [];
    if (!methodOk) mismatches.push({ part: 'method', expected: describeMethods(methods), actual: request.method });
    if (!pathOk) mismatches.push({ part: 'path', expected: entry.endpoint.path, actual: request.path });
    scored.push({ entry, mismatches, score: (1 - similarity) * 4 + (methodOk ? 0 : 1) });
  }
  const byScore = (a: Scored<E>, b: Scored<E>) => a.score - b.score || a.entry.order - b.entry.order;
  const shortlist = scored.sort(byScore).slice(0, limit * 4);
  for (const item of shortlist) {
    const failing = item.entry.endpoint.match.explain(request);
    item.mismatches.push(...failing);
    item.score += 0.5 * failing.length;
  }
  return shortlist
    .filter((item) => item.mismatches.length > 0)
    .sort(byScore)
    .slice(0, limit)
    .map(({ entry, mismatches }) => ({
      endpoint: entry.endpoint.id,
      method: describeMethods(entry.endpoint.methods),
      path: entry.endpoint.path,
      mismatches,
    }));
}

function describeMethods(methods: ReadonlySet<string> | null): string {
  return methods === null ? '*' : [...methods].join(', ');
}

/**
 * 0..1: how alike a template and a path are, segment by segment, the better of two alignments:
 * from the first segment, and from the last (a wrong prefix, `/v1/charges` for `/api/charges`, or
 * a missing one, `/charges`). The last segment, usually the resource, weighs twice as much.
 */
function pathSimilarity(template: readonly PathSegment[], actual: readonly string[]): number {
  const globstar = template.at(-1)?.kind === 'globstar';
  const fixed = globstar ? template.length - 1 : template.length;
  const length = Math.max(fixed, globstar ? Math.min(actual.length, fixed) : actual.length);
  if (length === 0) return 1;
  const fromStart = alignedSimilarity(template, actual, fixed, length, 0, 0);
  if (globstar || fixed === actual.length) return fromStart;
  return Math.max(fromStart, alignedSimilarity(template, actual, fixed, length, Math.max(0, fixed - actual.length), Math.max(0, actual.length - fixed)));
}

/** Weighted mean similarity with template[from + i] against actual[at + i]; positions without a partner count 0. */
function alignedSimilarity(template: readonly PathSegment[], actual: readonly string[], fixed: number, length: number, from: number, at: number): number {
  let sum = 0;
  const pairs = Math.min(fixed - from, actual.length - at);
  for (let i = 0; i < pairs; i++) {
    const segment = template[from + i] as PathSegment;
    const text = actual[at + i] as string;
    const similarity = segment.kind === 'static' ? segmentSimilarity(segment.text, text) : acceptsText(segment, text) ? 1 : 0.5;
    // The pair holding the last segment of the longer side is the resource: it weighs double.
    sum += similarity * (Math.max(from, at) + i === length - 1 ? 2 : 1);
  }
  // The resource weighs double only where it has a partner: a path one segment longer than the
  // template (`/hello/world` for `/hello`) stays as near as it was before the weighting.
  const resourcePaired = pairs > 0 && Math.max(from, at) + pairs - 1 === length - 1;
  return sum / (length + (resourcePaired ? 1 : 0));
}

import { distance } from 'fastest-levenshtein';
import type { RouteEntry } from './route-entry.js';
import type { Routable } from './types.js';

/**
 * How many endpoints one unmatched request may score at most. The 404 path must cost the same
 * with 20 endpoints or 20,000: a flood of unmatched requests once scored every endpoint and
 * starved matched traffic (6 rps of 404s, matched traffic at 0 rps, with 20,000 endpoints).
 */
export const MAX_NEIGHBOURS = 32;
/** How many sibling segments are compared to a mistyped one (a small config compares them all). */
const MAX_SIBLINGS_COMPARED = 256;
/** How many of the closest siblings' subtrees are searched before the rest of the tree. */
const CLOSEST_SIBLINGS = 8;
/** Endpoints taken by the name of the request's resource (its last two segments), wherever they are in the tree. */
const MAX_BY_RESOURCE = 8;
/** Trie nodes one search may visit: the bound on the walk, whatever the tree's shape. */
const MAX_VISITED = 1024;
/** Segment text beyond this is not compared (a typo shows in the first characters). */
const MAX_COMPARED_CHARS = 128;

interface TrieNode<E extends Routable> {
  readonly statics: Map<string, TrieNode<E>>;
  dynamic: TrieNode<E> | null;
  /** Endpoints whose template ends here (a `/a/**` ends at `/a`). */
  readonly entries: RouteEntry<E>[];
}

const createNode = <E extends Routable>(): TrieNode<E> => ({ statics: new Map(), dynamic: null, entries: [] });

/** Finds the endpoints near a path: the neighbourhood of the path in a segment trie, bounded. */
export type FindNeighbours<E extends Routable> = (segments: readonly string[], first: readonly RouteEntry<E>[]) => RouteEntry<E>[];

/**
 * Builds the segment trie of the templates (static text by value, every dynamic segment as one
 * child) and returns the search. For a path it walks down as far as the path's segments lead,
 * then gathers endpoints nearest first: under the deepest node reached, under the siblings whose
 * text is closest to the segment that led nowhere (a typo), then under each shallower node,
 * breadth first, until MAX_NEIGHBOURS. `first` (the endpoints whose path the router matched)
 * come before all of them, then the endpoints whose last static segment is one of the path's last
 * two (a wrong or missing prefix, `/v1/charges` for `/api/charges`, leads the walk elsewhere).
 */
export function createFindNeighbours<E extends Routable>(entries: readonly RouteEntry<E>[]): FindNeighbours<E> {
  const root = createNode<E>();
  // By last static segment text; each list is kept to what one search may take from it.
  const byResource = new Map<string, RouteEntry<E>[]>();
  for (const entry of entries) {
    insert(root, entry);
    const resource = entry.template.segments.findLast((segment) => segment.kind === 'static');
    if (resource?.kind !== 'static') continue;
    const list = byResource.get(resource.text) ?? [];
    if (list.length < MAX_BY_RESOURCE) list.push(entry);
    byResource.set(resource.text, list);
  }

  return (segments, first) => {
    const found = new Set<RouteEntry<E>>();
    const add = (entry: RouteEntry<E>): boolean => {
      found.add(entry);
      return found.size >= MAX_NEIGHBOURS;
    };
    for (const entry of first) if (add(entry)) return [...found];
    let byName = 0;
    for (const text of segments.slice(-2).reverse()) {
      for (const entry of byResource.get(text) ?? []) {
        if (byName++ >= MAX_BY_RESOURCE) break;
        if (add(entry)) return [...found];
      }
    }

    const trail: TrieNode<E>[] = [root];
    let node = root;
    for (const text of segments) {
      const next = node.statics.get(text) ?? node.dynamic;
      if (next === null) break;
      trail.push(next);
      node = next;
    }
    const stoppedAt = trail.length - 1;
    const visited = new Set<TrieNode<E>>();
    for (let depth = stoppedAt; depth >= 0; depth--) {
      const at = trail[depth] as TrieNode<E>;
      // Where the walk stopped, the next segment matched no child: try the children most like it.
      const missing = depth === stoppedAt ? segments[depth] : undefined;
      const order = missing === undefined ? [at] : [at, ...closestChildren(at, missing)];
      for (const start of order) {
        if (collect(start, visited, add)) return [...found];
      }
    }
    return [...found];
  };
}

function insert<E extends Routable>(root: TrieNode<E>, entry: RouteEntry<E>): void {
  let node = root;
  for (const segment of entry.template.segments) {
    if (segment.kind === 'globstar') break;
    if (segment.kind === 'static') {
      let child = node.statics.get(segment.text);
      if (child === undefined) node.statics.set(segment.text, (child = createNode()));
      node = child;
    } else {
      node = node.dynamic ??= createNode();
    }
  }
  node.entries.push(entry);
}

/** The static children whose text is closest to `text`, best first, comparing a bounded number. */
function closestChildren<E extends Routable>(node: TrieNode<E>, text: string): TrieNode<E>[] {
  const scored: { child: TrieNode<E>; score: number }[] = [];
  let compared = 0;
  for (const [childText, child] of node.statics) {
    if (compared++ >= MAX_SIBLINGS_COMPARED) break;
    scored.push({ child, score: segmentSimilarity(childText, text) });
  }
  scored.sort((a, b) => b.score - a.score);
  const closest = scored.slice(0, CLOSEST_SIBLINGS).map(({ child }) => child);
  if (node.dynamic !== null) closest.push(node.dynamic);
  return closest;
}

/**
 * Gathers the endpoints under `start`, depth first (so endpoints sharing a longer prefix come
 * together), skipping subtrees already gathered; true once the budget is spent. Depth first and
 * a bound on nodes visited, because a level can be 20,000 siblings wide.
 */
function collect<E extends Routable>(start: TrieNode<E>, visited: Set<TrieNode<E>>, add: (entry: RouteEntry<E>) => boolean): boolean {
  const stack: TrieNode<E>[] = [start];
  while (stack.length > 0) {
    if (visited.size >= MAX_VISITED) return true;
    const node = stack.pop() as TrieNode<E>;
    if (visited.has(node)) continue;
    visited.add(node);
    for (const entry of node.entries) if (add(entry)) return true;
    // pushed in reverse so the first static child is searched first, the dynamic one last
    if (node.dynamic !== null) stack.push(node.dynamic);
    const children: TrieNode<E>[] = [];
    for (const child of node.statics.values()) {
      if (children.length >= MAX_VISITED - visited.size) break; // more could never be visited
      children.push(child);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as TrieNode<E>);
  }
  return false;
}

/** 0..1: how alike two segments' texts are (1 - edit distance / length), on bounded text. */
export function segmentSimilarity(expected: string, actual: string): number {
  if (expected === actual) return 1;
  const longest = Math.max(expected.length, actual.length);
  const a = expected.length > MAX_COMPARED_CHARS ? expected.slice(0, MAX_COMPARED_CHARS) : expected;
  const b = actual.length > MAX_COMPARED_CHARS ? actual.slice(0, MAX_COMPARED_CHARS) : actual;
  // Past the compared prefixes only the lengths are compared: an estimate, enough to rank.
  const uncompared = Math.max(0, Math.abs(expected.length - actual.length) - Math.abs(a.length - b.length));
  return Math.max(0, 1 - (distance(a, b) + uncompared) / longest);
}

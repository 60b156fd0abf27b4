import type { Pattern } from '../../config/index.js';
import type { PathSegment } from './path-template.js';

/** A router registration as the overlap search sees it: its segments, in order. */
export interface OverlapInput {
  readonly segments: readonly PathSegment[];
  /**
   * Whether this registration's dynamic segment at `position` can be the static text. Several
   * templates share a registration (`{id}`, `{id:[0-9]+}`), so it answers for any of them.
   */
  acceptsStatic(position: number, text: string): boolean;
}

interface TrieNode {
  readonly statics: Map<string, TrieNode>;
  dynamic: TrieNode | null;
  /** On a dynamic child: the segments that lead into it, to test static text against. */
  readonly acceptors: PathSegment[];
  /** Registrations whose last segment ends here. */
  readonly terminals: number[];
  /** Registrations whose `**` sits at this depth (it takes one or more further segments). */
  readonly globstars: number[];
}

const createNode = (): TrieNode => ({ statics: new Map(), dynamic: null, acceptors: [], terminals: [], globstars: [] });

/**
 * For each registration, the other registrations whose URLs may also be handed to it by
 * find-my-way, i.e. those that can match some URL it matches AND that the router does not
 * try first. Found with a segment trie, so the cost follows the overlaps, not n².
 *
 * Why not every overlap: find-my-way walks its tree depth first, trying at each step the
 * static child, then parametric children, then the wildcard, and backtracks on failure. It
 * returns the first registration that matches. So if two registrations share their leading
 * segments and then one has static text where the other has a param or `**`, the static one
 * is always tried first: when the router hands a URL to the param one, the static one cannot
 * match it. Only those pairs are skipped; every other overlap (a param vs a `**` elsewhere,
 * or paths that diverged earlier) is kept, which is safe: a kept candidate that cannot match
 * costs a path check, a missing one would be a wrong answer.
 *
 * A `**` registration here takes one or more segments (the router's `*`); the zero-segment
 * case is registered separately by the caller as its own static-prefix registration.
 */
export function findOverlaps(registrations: readonly OverlapInput[]): number[][] {
  const root = createNode();
  registrations.forEach((registration, id) => insert(root, registration.segments, id));
  return registrations.map((registration, id) => {
    const found = new Set<number>();
    walk(registration, root, 0, true, found);
    found.delete(id);
    return [...found].sort((a, b) => a - b);
  });
}

function insert(root: TrieNode, segments: readonly PathSegment[], id: number): void {
  let node = root;
  for (const segment of segments) {
    if (segment.kind === 'globstar') {
      node.globstars.push(id);
      return;
    }
    if (segment.kind === 'static') {
      let child = node.statics.get(segment.text);
      if (child === undefined) node.statics.set(segment.text, (child = createNode()));
      node = child;
    } else {
      node.dynamic ??= createNode();
      node = node.dynamic;
      node.acceptors.push(segment);
    }
  }
  node.terminals.push(id);
}

function walk(input: OverlapInput, node: TrieNode, position: number, samePrefix: boolean, found: Set<number>): void {
  const segments = input.segments;
  if (position === segments.length) {
    for (const id of node.terminals) found.add(id);
    return;
  }
  const segment = segments[position] as PathSegment;
  if (segment.kind === 'globstar') {
    // Same prefix: anything deeper here is static or param, which the router tries before `*`.
    if (samePrefix) for (const id of node.globstars) found.add(id);
    else collectBelow(node, found);
    return;
  }
  // a `**` at this depth takes this segment and whatever follows
  for (const id of node.globstars) found.add(id);

  if (segment.kind === 'static') {
    const child = node.statics.get(segment.text);
    if (child !== undefined) walk(input, child, position + 1, samePrefix, found);
    const dynamic = node.dynamic;
    if (dynamic !== null && dynamic.acceptors.some((acceptor) => acceptsText(acceptor, segment.text))) {
      walk(input, dynamic, position + 1, false, found);
    }
    return;
  }
  if (node.dynamic !== null) walk(input, node.dynamic, position + 1, samePrefix, found);
  // With the same prefix the router tries these static siblings first (see above).
  if (!samePrefix) {
    for (const [text, child] of node.statics) {
      if (input.acceptsStatic(position, text)) walk(input, child, position + 1, false, found);
    }
  }
}

/** Every registration that takes at least one more segment below `node`. */
function collectBelow(node: TrieNode, found: Set<number>): void {
  for (const id of node.globstars) found.add(id);
  for (const child of node.statics.values()) collectAll(child, found);
  if (node.dynamic !== null) collectAll(node.dynamic, found);
}

function collectAll(node: TrieNode, found: Set<number>): void {
  for (const id of node.terminals) found.add(id);
  collectBelow(node, found);
}

/** Whether a dynamic segment can match this static text (as one decoded segment). */
export function acceptsText(segment: PathSegment, text: string): boolean {
  switch (segment.kind) {
    case 'static':
      return segment.text === text;
    case 'pattern':
      return (segment.matcher as Pattern).test(text);
    default:
      return true;
  }
}

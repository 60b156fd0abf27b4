import { isAlias, isCollection, isPair, isScalar, type Alias, type Document, type Node } from 'yaml';
import { CONFIG_LIMITS } from './config-limits.js';
import { measureGraph } from './measure-graph.js';
import { shapeProblem } from './check-config-shape.js';

/** The outcome of checking a parsed YAML document against CONFIG_LIMITS. */
export interface DocumentShape {
  /** What each alias refers to (the last anchor of its name before it), found in one pass. */
  readonly targets: Map<Alias, Node>;
  /** The first limit exceeded, with the offset to report it at. */
  readonly problem?: { readonly message: string; readonly offset: number };
}

type Graph = Node | Alias;

/**
 * Checks a parsed document before anything walks or converts it: nesting depth as written, then
 * what its aliases unfold into (depth, cycles, count), measured on the node graph without
 * unfolding it. Also resolves every alias once; `Alias.resolve` searches the whole document on
 * each call, which is quadratic in the number of aliases.
 */
export function checkDocumentShape(doc: Document): DocumentShape {
  const targets = new Map<Alias, Node>();
  const root = doc.contents as Node | null;
  if (!root) return { targets };
  const anchors = new Map<string, Node>();
  const aliases: { alias: Alias; depth: number }[] = [];
  // Pre-order and iterative: anchors are known in document order, and depth cannot overflow the stack.
  const pending: { node: unknown; depth: number }[] = [{ node: root, depth: 1 }];
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) targets.set(node, target);
      aliases.push({ alias: node, depth });
      continue;
    }
    if (!isCollection(node) && !isScalar(node)) continue;
    if (node.anchor) anchors.set(node.anchor, node);
    if (!isCollection(node)) continue;
    if (depth > CONFIG_LIMITS.maxDepth) {
      return { targets, problem: { message: `maps and lists nest more than ${CONFIG_LIMITS.maxDepth} levels deep`, offset: node.range?.[0] ?? 0 } };
    }
    const children = node.items.flatMap((item) => (isPair(item) ? [item.key, item.value] : [item]));
    for (let i = children.length - 1; i >= 0; i--) pending.push({ node: children[i], depth: depth + 1 });
  }
  if (aliases.length === 0) return { targets };
  const measure = measureGraph<Graph>(root, (node) => {
    if (isAlias(node)) {
      const target = targets.get(node);
      return { children: target ? [target] : [], scalars: 0, level: 0 };
    }
    if (!isCollection(node)) return { children: [], scalars: 1, level: 0 };
    const children = node.items
      .flatMap((item) => (isPair(item) ? [item.value] : [item]))
      .filter((child): child is Graph => isCollection(child) || isAlias(child));
    const scalars = node.items.length - children.length;
    return { children, scalars, level: 1 };
  });
  const message = shapeProblem(measure);
  if (!message) return { targets };
  // Reported at the alias that unfolds the most (the top of a bomb) or that closes a cycle.
  let worst = aliases[0]!;
  let worstSize = -1;
  for (const entry of aliases) {
    const target = targets.get(entry.alias);
    const size = target ? (measure.measured.get(target)?.unfolded ?? Infinity) : 0;
    if (size > worstSize) [worst, worstSize] = [entry, size];
  }
  return { targets, problem: { message, offset: worst.alias.range?.[0] ?? 0 } };
}

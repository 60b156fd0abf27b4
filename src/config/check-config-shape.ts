import { CONFIG_LIMITS } from './config-limits.js';
import { measureGraph, type GraphMeasure } from './measure-graph.js';

/**
 * Whether a decoded config (plain data, possibly with shared objects from YAML aliases) stays
 * within CONFIG_LIMITS: not cyclic, not nested too deep, not unfolding into far more values than
 * were written. Undefined when it does, else the problem in words. Linear in the written size.
 */
export function checkConfigShape(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const tree = measureTree(value);
  if (tree !== 'shared') return tree > CONFIG_LIMITS.maxDepth ? shapeProblem({ depth: tree, unfolded: 0, distinct: 0, cyclic: false }) : undefined;
  return shapeProblem(
    measureGraph(value, (node) => {
      const items = Array.isArray(node) ? node : Object.values(node);
      const children = items.filter((item): item is object => typeof item === 'object' && item !== null);
      return { children, scalars: items.length - children.length, level: 1 };
    }),
  );
}

/**
 * The common case first, cheaply: a value in which no object is reached twice (no aliases) is a
 * tree, and only its depth matters. Returns the depth, or 'shared' for the full measure.
 */
function measureTree(root: object): number | 'shared' {
  const seen = new Set<object>();
  const stack: [object, number][] = [[root, 1]];
  let deepest = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (seen.has(node)) return 'shared';
    seen.add(node);
    if (depth > deepest) deepest = depth;
    // Past the limit the answer is known; stopping keeps absurd inputs cheap.
    if (deepest > CONFIG_LIMITS.maxDepth) return deepest;
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === 'object' && item !== null) stack.push([item, depth + 1]);
    } else {
      for (const key in node) {
        const item = (node as Record<string, unknown>)[key];
        if (typeof item === 'object' && item !== null) stack.push([item, depth + 1]);
      }
    }
  }
  return deepest;
}

/** The words for a measure over the limits, or undefined. */
export function shapeProblem(measure: GraphMeasure): string | undefined {
  if (measure.cyclic) return 'an alias refers to a map or list that contains it, so the value would never end';
  if (measure.depth > CONFIG_LIMITS.maxDepth) return `maps and lists nest more than ${CONFIG_LIMITS.maxDepth} levels deep`;
  const allowed = Math.max(CONFIG_LIMITS.minAliasExpansion, measure.distinct);
  if (measure.unfolded - measure.distinct > allowed) {
    return `aliases unfold ${measure.distinct} written values into ${formatCount(measure.unfolded)}, more than the ${allowed} extra values allowed (an alias bomb?)`;
  }
  return undefined;
}

function formatCount(count: number): string {
  return count < 1e9 ? String(count) : `about ${count.toExponential(1)}`;
}

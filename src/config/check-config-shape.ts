import { CONFIG_LIMITS } from './config-limits.js';
import { measureGraph, type GraphMeasure } from './measure-graph.js';

/**
 * Whether a decoded config (plain data, possibly with shared objects from YAML aliases) stays
 * within CONFIG_LIMITS: not cyclic, not nested too deep, not unfolding into far more values than
 * were written. Undefined when it does, else the problem in words. Linear in the written size.
 */
export function checkConfigShape(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return shapeProblem(
    measureGraph(value, (node) => {
      const items = Array.isArray(node) ? node : Object.values(node);
      const children = items.filter((item): item is object => typeof item === 'object' && item !== null);
      return { children, scalars: items.length - children.length, level: 1 };
    }),
  );
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

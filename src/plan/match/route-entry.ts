import type { PathSegment, PathTemplate } from './path-template.js';
import type { Routable } from './types.js';

/** One endpoint prepared for routing: its parsed path and what precedence compares. */
export interface RouteEntry<E extends Routable> {
  readonly endpoint: E;
  /** Position in the array given to the builder: the declaration-order tie-break. */
  readonly order: number;
  /** Index in the config's `endpoints`, for issue paths (Routable.index, else `order`). */
  readonly index: number;
  readonly template: PathTemplate;
  /** The dynamic segments, in the router's positional order. */
  readonly dynamics: readonly PathSegment[];
}

/**
 * Precedence among endpoints that can answer the same request: explicit priority (higher
 * first), then specificity compared segment by segment (static > pattern > param > `*` > `**`;
 * when one path is a prefix of the other, the shorter one, i.e. `/a` before `/a/**`), then more
 * predicates first, then declaration order.
 */
export function compareByPrecedence<E extends Routable>(a: RouteEntry<E>, b: RouteEntry<E>): number {
  if (a.endpoint.priority !== b.endpoint.priority) return b.endpoint.priority - a.endpoint.priority;
  const ra = a.template.ranks;
  const rb = b.template.ranks;
  const common = Math.min(ra.length, rb.length);
  for (let i = 0; i < common; i++) {
    if (ra[i] !== rb[i]) return (rb[i] as number) - (ra[i] as number);
  }
  if (ra.length !== rb.length) return ra.length - rb.length;
  if (a.endpoint.match.predicateCount !== b.endpoint.match.predicateCount) {
    return b.endpoint.match.predicateCount - a.endpoint.match.predicateCount;
  }
  return a.order - b.order;
}

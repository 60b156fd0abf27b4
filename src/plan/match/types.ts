import type { ConfigIssue, Result } from '../../config/index.js';
import type { MockRequest } from '../mock-request.js';

/** One reason a request did not match an endpoint, for the near-miss report. */
export interface Mismatch {
  /** `method`, `path`, `query.page`, `headers.x-tenant`, `cookies.sid`, `body`, or `match` for combinators. */
  part: string;
  expected: string;
  actual?: string;
}

/** A request predicate compiled once at plan build: regexes, JSONPath and schemas are prepared. */
export interface CompiledMatch {
  test(request: MockRequest): boolean;
  /** Every failing part; empty when `test` is true. Off the hot path (only for 404 reports). */
  explain(request: MockRequest): Mismatch[];
  /** How many predicates it holds: more predicates rank first among equal paths. */
  readonly predicateCount: number;
  /** A canonical text of the predicates; equal text means equal predicates (conflict detection). */
  readonly canonical: string;
}

/** What the route table needs of an endpoint; the plan's endpoint type extends it. */
export interface Routable {
  readonly id: string;
  /** Upper-case methods, or null for any method. */
  readonly methods: ReadonlySet<string> | null;
  /** The path template as written in the config, e.g. `/users/{id:[0-9]+}`. */
  readonly path: string;
  readonly priority: number;
  readonly match: CompiledMatch;
  /**
   * Index of the endpoint in the config's `endpoints`, for issue paths (`endpoints[3].path`).
   * Optional: defaults to the position in the array given to the builder, which is the same
   * when the plan passes every endpoint in config order.
   */
  readonly index?: number;
}

export type RouteLookup<E extends Routable> = { kind: 'matched'; endpoint: E; params: Record<string, string> } | { kind: 'unmatched' };

export interface NearMiss {
  endpoint: string;
  method: string;
  path: string;
  mismatches: Mismatch[];
}

export interface RouteTable<E extends Routable> {
  /** The best endpoint for the request: explicit priority, then specificity, then predicate count. */
  lookup(request: MockRequest): RouteLookup<E>;
  /** The nearest endpoints for an unmatched request, closest first, at most `limit`. */
  nearMisses(request: MockRequest, limit: number): NearMiss[];
  readonly size: number;
  /** What a later build may reuse (opaque outside the builder). */
  readonly reusable?: unknown;
}

/** Two endpoints that would answer the same requests with nothing to tell them apart. */
export interface RouteConflict {
  first: string;
  second: string;
  reason: string;
}

export type BuildRouteTable = <E extends Routable>(
  endpoints: readonly E[],
  /** The table being served: its router is reused when the new routes register the same paths. */
  previous?: RouteTable<Routable>,
) => Result<RouteTable<E>, { issues: ConfigIssue[]; conflicts: RouteConflict[] }>;

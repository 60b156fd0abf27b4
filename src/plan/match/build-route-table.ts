import Router from 'find-my-way';
import type { ConfigIssue, Pattern } from '../../config/index.js';
import type { MockRequest } from '../mock-request.js';
import { findConflicts } from './find-conflicts.js';
import { createFindNeighbours, MAX_NEIGHBOURS } from './find-neighbours.js';
import { findOverlaps } from './find-overlaps.js';
import { bindSegment, dynamicSegments, matchPath } from './match-path.js';
import { parsePathTemplate, REST_PARAM, type PathSegment } from './path-template.js';
import { rankNearMisses } from './rank-near-misses.js';
import { compareByPrecedence, type RouteEntry } from './route-entry.js';
import type { BuildRouteTable, Routable, RouteLookup, RouteTable } from './types.js';

/**
 * Every endpoint goes into ONE router under this pseudo-method: we check methods ourselves, so
 * a near miss can say "method", and a `*` or multi-method endpoint is one registration, not nine.
 * GET because find-my-way keeps a fast path for its GET tree.
 */
const ROUTER_METHOD = 'GET';
const UNMATCHED = { kind: 'unmatched' } as const;
const NO_QUERY = Object.freeze({});
const noop = (): void => {};

type Params = Record<string, string>;

/** One endpoint in one registration's ordered candidate list. */
interface Candidate<E extends Routable> {
  readonly entry: RouteEntry<E>;
  readonly endpoint: E;
  readonly methods: ReadonlySet<string> | null;
  /** Registered under this registration (the router already checked the path structure). */
  readonly own: boolean;
  /** Own, plain params only, same names as the router's: its params object is the answer. */
  readonly direct: boolean;
}

interface Registration<E extends Routable> {
  readonly key: string;
  readonly segments: readonly PathSegment[];
  /** The router's param names, by position. */
  readonly names: readonly string[];
  readonly shapes: { entry: RouteEntry<E>; zero: boolean }[];
  candidates: Candidate<E>[];
}

/**
 * Builds the route table. find-my-way returns only the most specific registration for a URL,
 * yet a less specific one may also match it and must win when it has a higher priority, or
 * when the specific one's methods or predicates refuse the request (`DELETE /users/me` next to
 * `GET /users/{id}`). So each registration's candidate list also holds the endpoints of every
 * registration that overlaps it and that the router would not have tried first (findOverlaps),
 * each with its own path check, all sorted by precedence (compareByPrecedence).
 */
export const buildRouteTable: BuildRouteTable = <E extends Routable>(endpoints: readonly E[], previous?: RouteTable<Routable>) => {
  const issues: ConfigIssue[] = [];
  const entries: RouteEntry<E>[] = [];
  endpoints.forEach((endpoint, order) => {
    const index = endpoint.index ?? order;
    const parsed = parsePathTemplate(endpoint.path, `endpoints[${index}].path`);
    if (!parsed.ok) issues.push(...parsed.error);
    else entries.push({ endpoint, order, index, template: parsed.value, dynamics: dynamicSegments(parsed.value) });
  });

  const registrations = groupRegistrations(entries);
  const built = routerFor(registrations, previous?.reusable as ReusableRouter | undefined);
  issues.push(...built.issues);
  const { router } = built;

  const overlaps = findOverlaps(
    registrations.map((registration) => ({
      segments: registration.segments,
      acceptsStatic: (position, text) =>
        registration.shapes.some(({ entry }) => {
          const segment = entry.template.segments[position];
          return segment === undefined || segment.kind !== 'pattern' || (segment.matcher as Pattern).test(text);
        }),
    })),
  );
  registrations.forEach((registration, id) => {
    registration.candidates = candidatesFor(
      registration,
      (overlaps[id] ?? []).map((other) => registrations[other]!),
    );
  });

  const { issues: conflictIssues, conflicts } = findConflicts(entries);
  issues.push(...conflictIssues.map((issue) => ({ ...issue, code: 'conflict' as const })));
  if (issues.length > 0) return { ok: false, error: { issues, conflicts } };

  // Built with the plan (a few ms per 10,000 endpoints), not on the first 404, which would pause
  // the data plane for as long.
  const findNeighbours = createFindNeighbours(entries);
  const table: RouteTable<E> = {
    size: endpoints.length,
    lookup(request) {
      const found = router.find(ROUTER_METHOD, request.url.length > 0 ? request.url : request.path);
      if (found === null) return UNMATCHED;
      // The router stores positions, not registrations, so a later plan can reuse it read-only.
      const registration = registrations[(found.store as { position: number }).position] as Registration<E>;
      const params = found.params as Params;
      const hit = pick(registration, params, request, request.method);
      // HEAD is answered by GET endpoints unless an endpoint takes HEAD itself (as node:http does)
      if (hit === UNMATCHED && request.method === 'HEAD') return pick(registration, params, request, 'GET');
      return hit;
    },
    nearMisses(request, limit) {
      if (limit <= 0) return [];
      const found = router.find(ROUTER_METHOD, request.url.length > 0 ? request.url : request.path);
      // Endpoints whose path the router matched (a wrong method or predicate) come first.
      const first =
        found === null ? [] : registrations[(found.store as { position: number }).position]!.candidates.slice(0, MAX_NEIGHBOURS).map(({ entry }) => entry);
      const segments = request.path.split('/').filter((segment) => segment.length > 0);
      return rankNearMisses(findNeighbours(segments, first), request, segments, limit);
    },
    reusable: built.reusable,
  };
  return { ok: true, value: table };
};

interface ReusableRouter {
  /** Every router path, in registration order: equal signatures register identical routers. */
  readonly signature: string;
  readonly router: Router.Instance<Router.HTTPVersion.V1>;
}

/**
 * The find-my-way router for these registrations. Building one costs ~10 ms per 1,000 routes
 * (it generates code per route), most of a hot reload; an edit that changes responses or
 * behaviors but no path registers the same routes, so the served plan's router is reused. That is
 * safe because a router only maps a URL to a registration's position, which both plans share.
 */
function routerFor<E extends Routable>(
  registrations: readonly Registration<E>[],
  previous: ReusableRouter | undefined,
): { router: ReusableRouter['router']; reusable: ReusableRouter | undefined; issues: ConfigIssue[] } {
  const paths = registrations.map(routerPathFor);
  const signature = paths.join('\n');
  if (previous?.signature === signature) return { router: previous.router, reusable: previous, issues: [] };
  const issues: ConfigIssue[] = [];
  const router = Router({
    // "/users/42/" and "/users//42" find "/users/{id}", as users of mock servers expect;
    // templates are parsed the same way (empty segments are dropped).
    ignoreTrailingSlash: true,
    ignoreDuplicateSlashes: true,
    // All params are plain in the router; long tokens in paths (JWTs, blobs) must not 404.
    maxParamLength: 8192,
    // The engine parses the query itself; skip find-my-way's per-lookup parse.
    querystringParser: () => NO_QUERY,
  });
  paths.forEach((path, position) => {
    try {
      // An object: find-my-way turns a falsy store (position 0) into null.
      router.on(ROUTER_METHOD, path, noop, { position });
    } catch (error) {
      const first = registrations[position]!.shapes[0]?.entry;
      issues.push({ path: `endpoints[${first?.index ?? 0}].path`, message: (error as Error).message });
    }
  });
  return { router, reusable: issues.length === 0 ? { signature, router } : undefined, issues };
}

/** The hot path: walk the sorted candidates; the first whose method, path and match hold wins. */
function pick<E extends Routable>(registration: Registration<E>, routerParams: Params, request: MockRequest, method: string): RouteLookup<E> {
  const candidates = registration.candidates;
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[i] as Candidate<E>;
    if (candidate.methods !== null && !candidate.methods.has(method)) continue;
    if (candidate.direct) {
      if (candidate.endpoint.match.test(request)) {
        return { kind: 'matched', endpoint: candidate.endpoint, params: routerParams };
      }
      continue;
    }
    const params = candidate.own ? bindOwn(candidate.entry, registration.names, routerParams) : matchPath(candidate.entry.template, request.path);
    if (params !== null && candidate.endpoint.match.test(request)) {
      return { kind: 'matched', endpoint: candidate.endpoint, params };
    }
  }
  return UNMATCHED;
}

/** Renames the router's positional values to the user's names, checking constraints. */
function bindOwn<E extends Routable>(entry: RouteEntry<E>, names: readonly string[], routerParams: Params): Params | null {
  const params: Params = {};
  const dynamics = entry.dynamics;
  for (let k = 0; k < dynamics.length; k++) {
    const name = names[k];
    // A `**` reached through its zero-segment registration has no value: the rest is empty.
    const value = name === undefined ? '' : (routerParams[name] ?? '');
    if (!bindSegment(dynamics[k] as PathSegment, value, params)) return null;
  }
  return params;
}

/**
 * Groups endpoints by router path. A template ending in `/**` also gets a registration for its
 * prefix, because the router's `*` needs at least one character while `**` means zero or more
 * segments (`/static/**` answers `/static`).
 */
function groupRegistrations<E extends Routable>(entries: readonly RouteEntry<E>[]): Registration<E>[] {
  const byKey = new Map<string, Registration<E>>();
  const add = (entry: RouteEntry<E>, segments: readonly PathSegment[], zero: boolean) => {
    const key = segments.map((segment) => (segment.kind === 'static' ? segment.text : `\u0000${segment.kind === 'globstar' ? '**' : ''}`)).join('/');
    let registration = byKey.get(key);
    if (registration === undefined) {
      registration = { key, segments, names: [], shapes: [], candidates: [] };
      byKey.set(key, registration);
    }
    registration.shapes.push({ entry, zero });
  };
  for (const entry of entries) {
    const segments = entry.template.segments;
    add(entry, segments, false);
    if (entry.template.hasGlobstar) add(entry, segments.slice(0, -1), true);
  }
  const registrations = [...byKey.values()];
  for (const registration of registrations) {
    (registration as { names: readonly string[] }).names = routerNames(registration);
  }
  return registrations;
}

/**
 * The router's param names: the user's names when some endpoint here has only plain `{name}`
 * params (then its lookups hand out the router's params object as is), else positional.
 */
function routerNames<E extends Routable>(registration: Registration<E>): string[] {
  const dynamics = registration.segments.filter((segment) => segment.kind !== 'static');
  const plain = registration.shapes.find(
    ({ entry, zero }) => !zero && entry.dynamics.every((segment) => segment.kind === 'param' || segment.kind === 'globstar'),
  );
  if (plain !== undefined) return plain.entry.dynamics.map((segment) => segment.names[0] as string);
  return dynamics.map((segment, k) => (segment.kind === 'globstar' ? REST_PARAM : `p${k}`));
}

function routerPathFor<E extends Routable>(registration: Registration<E>): string {
  let k = 0;
  const path = registration.segments
    .map((segment) => {
      if (segment.kind === 'static') return `/${segment.text.replaceAll(':', '::')}`; // "::" = literal ":"
      if (segment.kind === 'globstar') return '/*';
      return `/:${registration.names[k++]}`;
    })
    .join('');
  return path === '' ? '/' : path;
}

function candidatesFor<E extends Routable>(registration: Registration<E>, overlapping: readonly Registration<E>[]): Candidate<E>[] {
  const byOrder = new Map<number, Candidate<E>>();
  const names = registration.names.join('/');
  for (const { entry, zero } of registration.shapes) {
    const direct =
      !zero &&
      entry.dynamics.every((segment) => segment.kind === 'param' || segment.kind === 'globstar') &&
      entry.dynamics.map((segment) => segment.names[0]).join('/') === names;
    byOrder.set(entry.order, { entry, endpoint: entry.endpoint, methods: entry.endpoint.methods, own: true, direct });
  }
  for (const other of overlapping) {
    for (const { entry } of other.shapes) {
      if (byOrder.has(entry.order)) continue;
      byOrder.set(entry.order, { entry, endpoint: entry.endpoint, methods: entry.endpoint.methods, own: false, direct: false });
    }
  }
  return [...byOrder.values()].sort((a, b) => compareByPrecedence(a.entry, b.entry));
}

import type { MockRequest, Plan, PreparedResponse } from '../plan/index.js';
import type { Exchange } from './pipeline/index.js';

type Policy = NonNullable<Plan['server']['cors']>;

// What a preflight may ask to send: header names and commas; longer or stranger lists are not echoed.
const REQUESTED_HEADERS = /^[!#$%&'*+.^_`|~0-9A-Za-z, -]{1,4096}$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/;

/**
 * Whether an endpoint serves `method` at the preflight's path. Predicates (headers, body) are not
 * judged: a preflight carries none of the headers its real request will, so an endpoint whose path
 * and method fit, and that failed only on predicates, counts.
 */
function servesPath(plan: Plan, request: MockRequest, method: string): boolean {
  const asked = Object.create(request, { method: { value: method } }) as MockRequest;
  if (plan.routes.lookup(asked).kind === 'matched') return true;
  return plan.routes
    .nearMisses(asked, 3)
    .some((miss) => miss.mismatches.length > 0 && miss.mismatches.every((mismatch) => mismatch.part !== 'method' && mismatch.part !== 'path'));
}

/**
 * `server.cors` for one request, at arrival. A request from an allowed origin gets the
 * Access-Control-* headers on whatever answers it (set on the response now, so every writer,
 * mock, problem or proxy, sends them; a response that sets one itself wins). A preflight
 * (OPTIONS with Access-Control-Request-Method) for a method and path an endpoint serves is
 * answered here: the returned 204. An endpoint of its own for OPTIONS on that path answers instead.
 * Anything else (no Origin, an origin not listed, a path nobody serves) goes on as without CORS.
 */
export function applyCors(policy: Policy, x: Exchange): PreparedResponse | undefined {
  const { req, res } = x;
  const origin = req.headers.origin;
  if (origin === undefined || !(policy.anyOrigin || policy.origins.has(origin.toLowerCase()))) return undefined;
  res.setHeader('access-control-allow-origin', policy.anyOrigin ? '*' : origin);
  // The answer depends on the Origin: a shared cache must not hand one origin's answer to another.
  if (!policy.anyOrigin) res.setHeader('vary', 'Origin');
  if (policy.credentials) res.setHeader('access-control-allow-credentials', 'true');
  const requested = req.headers['access-control-request-method'];
  if (req.method !== 'OPTIONS' || requested === undefined || !TOKEN.test(requested)) {
    if (policy.exposeHeaders !== undefined) res.setHeader('access-control-expose-headers', policy.exposeHeaders);
    return undefined;
  }
  const plan = x.plan;
  if (plan.routes.lookup(x.request).kind === 'matched' || !servesPath(plan, x.request, requested.toUpperCase())) return undefined;
  const headers = ['access-control-allow-methods', policy.allowMethods];
  const askedHeaders = req.headers['access-control-request-headers'];
  const allowHeaders = policy.allowHeaders ?? (askedHeaders !== undefined && REQUESTED_HEADERS.test(askedHeaders) ? askedHeaders : undefined);
  if (allowHeaders !== undefined) headers.push('access-control-allow-headers', allowHeaders);
  if (policy.maxAgeSeconds !== undefined) headers.push('access-control-max-age', String(policy.maxAgeSeconds));
  if (policy.allowHeaders === undefined) headers.push('vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
  headers.push('content-length', '0');
  return { status: 204, headers, body: '' };
}

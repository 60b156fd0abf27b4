import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../clock/index.js';
import { AppError } from '../../errors/index.js';
import type { AppliedSummary } from '../../observe/index.js';
import type { FallbackResponder, HashKey, Plan, PreparedResponse, ProxySpec, Responder, UpstreamSpec } from '../../plan/index.js';
import type { AttemptTrace, ForwardListener, ForwardRequest, ForwardSummary, Forwarder } from '../../upstream/index.js';
import type { IncomingMockRequest } from '../incoming-request.js';
import { hasBody } from '../read-body.js';
import type { RequestIdentity } from '../state/index.js';
import { problemResponse } from './problem-response.js';
import { produceResponse } from './produce-response.js';
import { createAnswerShaper, type ForwardShape } from './proxy-shaper.js';
import { templateContext } from './template-context.js';

/**
 * The proxy producer: forwards a request through the upstream port and lets the backend's answer
 * stream to the client. Behaviors decided before it (rate limit, status faults, latency) ran
 * already; this file is the one call site the engine needs, so the staged pipeline can re-home it.
 */

/** Stands in for the response of an answer that is forwarded (the backend writes the real one). */
export const FORWARDED: PreparedResponse = Object.freeze({ status: 0, headers: Object.freeze([]) as readonly string[], body: '' });

/** What the request handler hands over to record the exchange once it is over. */
export interface ProxyRecorder<C extends ProxyContext = ProxyContext> {
  /** Called once per forwarded request, when it is over; `response` is what the client got, as far as known. */
  done(context: C, response: PreparedResponse, summary: ForwardSummary, abandoned: boolean): void;
  /** Logs a failure answered with a coded problem. */
  warn(context: C, error: AppError): void;
}

export interface ProxyContext {
  readonly request: IncomingMockRequest;
  readonly identity: RequestIdentity;
  readonly arrivedAt: number;
  readonly applied: AppliedSummary | undefined;
  /** Behaviors on the answer's stream, when any. */
  readonly shape?: ForwardShape | undefined;
  /** The request's trace when it is sampled: its context goes upstream in `traceparent`; each resilient attempt is a child span. */
  readonly trace?: ({ inject(headers: Record<string, string>): void } & Partial<AttemptTrace>) | undefined;
}

/** Whether the request goes to a proxy whose body can stream (nothing has to read the body first). */
export function streamsToProxy(plan: Plan, request: IncomingMockRequest, req: IncomingMessage): boolean {
  if (plan.upstreams.length === 0 || plan.matchesOnBody || plan.matchesOnState || !hasBody(req)) return false;
  const found = plan.routes.lookup(request);
  if (found.kind === 'unmatched') return plan.unmatched.proxy !== undefined;
  return found.endpoint.responder.type === 'proxy' && !found.endpoint.usesState;
}

/**
 * The path and query asked upstream: kept, with a prefix stripped, or rendered from the template.
 * A dot segment ("/../") is refused: a decoded parameter must not climb out of the rewritten path.
 */
function upstreamPath(spec: ProxySpec, request: IncomingMockRequest): string | undefined {
  const url = request.url;
  const q = url.indexOf('?');
  const search = q < 0 ? '' : url.slice(q);
  let path: string;
  switch (spec.rewrite.kind) {
    case 'keep':
      path = request.path;
      break;
    case 'strip': {
      const prefix = spec.rewrite.prefix;
      const at = request.path.startsWith(prefix) && (request.path.length === prefix.length || request.path[prefix.length] === '/') ? prefix.length : 0;
      path = request.path.slice(at) || '/';
      break;
    }
    case 'template':
      // Rendered values are decoded parameters: encode what may not stand in a request target.
      path = encodeTarget(spec.rewrite.render(templateContext(request)));
      if (!path.startsWith('/')) path = `/${path}`;
      break;
  }
  if (hasDotSegment(path)) return undefined;
  return search === '' ? path : path + search;
}

const UNSAFE_IN_TARGET = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g;
const encodeTarget = (text: string): string => text.replace(UNSAFE_IN_TARGET, (c) => encodeURIComponent(c));

function hasDotSegment(path: string): boolean {
  if (!path.includes('.') && !path.includes('%2')) return false;
  for (const segment of path.split('/')) {
    const decoded = segment.replace(/%2e/gi, '.');
    if (decoded === '.' || decoded === '..') return true;
  }
  return false;
}

/** The trace context of a sampled request, as flat headers for the backend. */
function traceHeadersOf(trace: { inject(headers: Record<string, string>): void }): string[] {
  const carrier: Record<string, string> = {};
  trace.inject(carrier);
  const flat: string[] = [];
  for (const name of Object.keys(carrier)) flat.push(name, carrier[name]!);
  return flat;
}

const specsByPlan = new WeakMap<Plan, Map<string, UpstreamSpec>>();

/** The consistent-hash key of a request, when its upstream balances on one. */
export function hashKeyFor(plan: Plan, spec: ProxySpec, request: IncomingMockRequest, identity: RequestIdentity): string | undefined {
  let specs = specsByPlan.get(plan);
  if (specs === undefined) {
    specs = new Map(plan.upstreams.map((upstream) => [upstream.id, upstream]));
    specsByPlan.set(plan, specs);
  }
  const balance = specs.get(spec.upstream)?.balance;
  return balance?.kind === 'consistent-hash' ? keyOf(balance.key, request, identity) : undefined;
}

function keyOf(key: HashKey, request: IncomingMockRequest, identity: RequestIdentity): string | undefined {
  switch (key.kind) {
    case 'client':
      return identity.clientAddress;
    case 'session':
      return identity.sessionId;
    case 'path':
      return request.path;
    case 'header': {
      const value = request.headers[key.name];
      return Array.isArray(value) ? value.join(',') : value;
    }
    case 'cookie':
      return request.cookies[key.name];
    case 'query': {
      const value = request.query[key.name];
      return Array.isArray(value) ? value[0] : value;
    }
  }
}

/**
 * Forwards one request whose behaviors let it through. The engine's answer comes back through the
 * listener: a coded problem when nothing reached the client, else only the record.
 */
export function createProxyExchange<C extends ProxyContext = ProxyContext>(forwarder: Forwarder, clock: Clock, recorder: ProxyRecorder<C>) {
  const listener: ForwardListener = {
    failed(res: ServerResponse, error: AppError, summary: ForwardSummary, context: unknown) {
      const ctx = context as C;
      if (ctx.applied !== undefined) ctx.applied.upstream = summary;
      recorder.warn(ctx, error);
      const response = problemResponse(error, ctx.applied?.endpointId === undefined ? {} : { endpoint: ctx.applied.endpointId });
      if (!res.destroyed && !res.headersSent) {
        res.writeHead(response.status, response.headers as string[]);
        res.end(response.body);
      }
      recorder.done(ctx, response, summary, false);
    },
    settled(res: ServerResponse, summary: ForwardSummary, context: unknown) {
      const response: PreparedResponse = { status: summary.status, headers: [], body: '' };
      const ctx = context as C;
      if (ctx.applied !== undefined) ctx.applied.upstream = summary;
      recorder.done(ctx, response, summary, summary.outcome === 'abandoned');
    },
  };

  const shaperFor = (plan: Plan, shape: ForwardShape, context: C) =>
    createAnswerShaper(shape, {
      clock,
      random: plan.random,
      arrivedAt: context.arrivedAt,
      maxBodyBytes: plan.server.maxBodyBytes,
      onOversize() {
        // The journal says the fault could not act: the body was larger than the engine holds.
        if (context.applied?.fault !== undefined) context.applied.fault += ' (not applied: the body is larger than server.maxBodySize)';
      },
    });

  return (plan: Plan, spec: ProxySpec, request: IncomingMockRequest, req: IncomingMessage, res: ServerResponse, context: C): void => {
    const path = forwardPathOf(spec, request);
    if (typeof path !== 'string') {
      listener.failed(res, path, { upstream: spec.upstream, target: '', status: 0, upstreamMs: -1, outcome: 'failed' }, context);
      return;
    }
    const buffered = request.bodyBytes;
    const body = buffered.length > 0 ? buffered : hasBody(req) && !req.readableEnded ? req : null;
    // One literal, every property always present (no spreads): a request allocates one object of
    // one shape here, which the forwarder's reads stay monomorphic on (the proxy's CPU profile).
    const forwarded: ForwardRequest = {
      method: request.method,
      path,
      rawHeaders: req.rawHeaders,
      clientAddress: req.socket.remoteAddress ?? '',
      proto: (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http',
      httpVersion: req.httpVersion,
      traceHeaders: context.trace === undefined ? undefined : traceHeadersOf(context.trace),
      body,
      hashKey: hashKeyFor(plan, spec, request, context.identity),
      // The endpoint's `fallback:` response, rendered only when the resilience policies give up (upstream/policies).
      renderFallback: spec.resilience?.fallback?.kind === 'response' ? fallbackRenderer(plan, request) : undefined,
      shaper: context.shape === undefined ? undefined : shaperFor(plan, context.shape, context),
      attemptTrace: context.trace?.attempt === undefined || spec.resilience === undefined ? undefined : (context.trace as AttemptTrace),
    };
    forwarder.forward(forwarded, spec, res, listener, context);
  };
}

/** Renders an endpoint's `fallback:` response for one request. */
function fallbackRenderer(plan: Plan, request: IncomingMockRequest): (responder: FallbackResponder) => PreparedResponse | undefined {
  return (responder) => {
    const outcome = produceResponse(responder as Responder, request, plan.random);
    return outcome.kind === 'response' ? outcome.response : undefined;
  };
}

/** The path and query asked upstream, or the coded answer when the rewrite would climb out of it (a dot segment). */
export function forwardPathOf(spec: ProxySpec, request: IncomingMockRequest): string | AppError {
  return upstreamPath(spec, request) ?? new AppError('REQUEST_MALFORMED', 'the forwarded path would contain a "." or ".." segment');
}

/** What the forwarder needs of the client's side of an exchange (forwarded requests and tunnels alike). */
export function clientSideOf(
  request: IncomingMockRequest,
  req: IncomingMessage,
  path: string,
): Pick<ForwardRequest, 'method' | 'path' | 'rawHeaders' | 'clientAddress' | 'proto' | 'httpVersion'> {
  return {
    method: request.method,
    path,
    rawHeaders: req.rawHeaders,
    clientAddress: req.socket.remoteAddress ?? '',
    proto: (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http',
    httpVersion: req.httpVersion,
  };
}

import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Clock } from '../../clock/index.js';
import { AppError } from '../../errors/index.js';
import type { FallbackResponder, PreparedResponse, ProxySpec, ResilienceSpec, StaleFallbackSpec } from '../../plan/index.js';
import type { AttemptRecord, ForwardListener, ForwardSummary } from '../forward/forward-call.js';
import type { ForwardRequest } from '../forward/forward-request.js';
import type { RuntimeUpstream } from '../runtime-upstream.js';
import type { AttemptRequest, AttemptStats, FailureKind, Outcome } from './attempt.js';
import type { AttemptCall } from './attempt-call.js';
import { Cancel } from './cancel.js';
import type { AttemptExchange } from './dispatch-attempt.js';
import { readReplayable } from './read-replayable.js';
import { isStorable, staleKey, storedHeaders } from './stale-cache.js';
import type { ResilienceRuntime } from './resilience-runtime.js';
import { incomingDeadline } from './timeout.js';

/** A plain, single forward (the forwarder's own path): for `fallback: { upstream }`. */
export type ForwardOnce = (request: ForwardRequest, spec: ProxySpec, res: ServerResponse, listener: ForwardListener, context: unknown) => void;

/** The journal's `attempts` of a request that sent none (refused by the breaker, the bulkhead, its deadline). */
const NO_ATTEMPTS: readonly AttemptRecord[] = Object.freeze([]);

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/** Why the fallback answered, as `x-mimicus-fallback` says it. */
const FALLBACK_REASON: Partial<Record<FailureKind, string>> = {
  'circuit-open': 'circuit-open',
  'no-target': 'no-healthy-target',
  'bulkhead-full': 'bulkhead-full',
  'budget-exhausted': 'retry-budget-exhausted',
  deadline: 'deadline-exceeded',
};

function hasIdempotencyKey(raw: readonly string[]): boolean {
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.length === 15 && raw[i]!.toLowerCase() === 'idempotency-key') return true;
  return false;
}

/** One resilient forward: what the forwarder hands over, kept together for the steps below. */
export interface Forwarding {
  readonly runtime: ResilienceRuntime;
  readonly clock: Clock;
  readonly upstream: RuntimeUpstream;
  readonly request: ForwardRequest;
  readonly spec: ProxySpec;
  readonly resilience: ResilienceSpec;
  readonly res: ServerResponse;
  readonly listener: ForwardListener;
  readonly context: unknown;
  readonly forwardOnce: ForwardOnce;
}

/**
 * Forwards one request through the policies of its ResilienceSpec, then answers: the chosen
 * answer streams to the client (a ForwardCall takes it over); a failure, or an answer ≥ 500, is
 * answered by the fallback when there is one (`x-mimicus-fallback: <reason>`), else as a coded
 * problem (Retry-After on circuit-open and bulkhead-full). A client that leaves cancels every attempt.
 */
export function forwardResilient(f: Forwarding): void {
  const { request, resilience } = f;
  const retries = resilience.retry !== undefined || resilience.hedge !== undefined;
  const idempotent = IDEMPOTENT.has(request.method) || resilience.retry?.retryNonIdempotent === true || hasIdempotencyKey(request.rawHeaders);
  const body = request.body;
  if (retries && idempotent && body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) {
    // A streamed body is read first when it is small enough to send again; else it streams once.
    const limit = resilience.retry?.maxReplayBytes ?? 65_536;
    void readReplayable(body, request.rawHeaders, limit).then((replayable) => run(f, replayable ?? body, replayable !== undefined));
    return;
  }
  run(f, body, idempotent);
}

function run(f: Forwarding, body: Readable | Buffer | string | null, repeatable: boolean): void {
  const { request, resilience, res, clock } = f;
  const header = resilience.deadline?.header;
  const exchange: AttemptExchange = { upstream: f.upstream, client: request, spec: f.spec, body, deadlineHeader: header };
  const cancel = new Cancel();
  const attempt: AttemptRequest = {
    method: request.method,
    repeatable: repeatable && (body === null || typeof body === 'string' || Buffer.isBuffer(body)),
    tried: [],
    admit: undefined,
    deadlineAt: header === undefined ? Infinity : incomingDeadline(request.rawHeaders, header, clock.now()),
    cancel,
    stats: { attempts: 0, retries: 0, hedges: 0, log: undefined },
    hedged: false,
    exchange,
  };
  (res as WithCancel)[kCancel] = cancel;
  res.on('close', onClientGone);
  void f.runtime
    .chain(resilience)(attempt)
    .then((outcome) => {
      res.removeListener('close', onClientGone);
      answer(f, outcome, attempt.stats);
    });
}

const kCancel = Symbol('mimicus.resilientCancel');
type WithCancel = ServerResponse & { [kCancel]?: Cancel };

/** Shared by every request (`this` is the response), so a request allocates no closure for it. */
function onClientGone(this: WithCancel): void {
  this[kCancel]?.cancel('client-gone');
}

/** Tells the engine's listener, with the attempts, hedges and fallback reason added for the journal. */
class AnnotatingListener implements ForwardListener {
  fallbackReason: string | undefined;

  constructor(
    readonly inner: ForwardListener,
    readonly stats: AttemptStats,
  ) {}

  failed(res: ServerResponse, error: AppError, summary: ForwardSummary, context: unknown): void {
    this.inner.failed(res, error, this.annotate(summary), context);
  }

  settled(res: ServerResponse, summary: ForwardSummary, context: unknown): void {
    this.inner.settled(res, this.annotate(summary), context);
  }

  /** Field by field, not a spread: a spread with fields added cost more than the rest of this file (CPU profile). */
  annotate(summary: ForwardSummary): ForwardSummary {
    const { stats, fallbackReason } = this;
    const { upstream, target, status, upstreamMs, outcome } = summary;
    return fallbackReason === undefined
      ? { upstream, target, status, upstreamMs, outcome, attempts: stats.log ?? NO_ATTEMPTS, hedges: stats.hedges }
      : { upstream, target, status, upstreamMs, outcome, attempts: stats.log ?? NO_ATTEMPTS, hedges: stats.hedges, fallback: fallbackReason };
  }
}

/** A fallback answers instead of `outcome`: counted, evented and noted for the journal. */
function served(f: Forwarding, outcome: Outcome, listener: AnnotatingListener, reason: string): void {
  if (outcome.kind === 'answer') outcome.discard();
  f.runtime.countersOf(f.resilience.upstream).fallbacks++;
  listener.fallbackReason = reason;
  f.runtime.fallbackServed(f.resilience.upstream, reason);
}

/** Keeps a good answer read whole for `fallback: { stale }` (a streamed one is not kept). */
function keepStale(f: Forwarding, fallback: StaleFallbackSpec, answer: AttemptCall): void {
  const body = answer.wholeBody;
  if (body === undefined || !isStorable(f.request.method, answer.status, answer.rawHeaders)) return;
  f.runtime.staleCache(fallback).keep(staleKey(f.request.method, f.request.path, f.request.rawHeaders), {
    status: answer.status,
    headers: storedHeaders(answer.rawHeaders),
    body,
    storedAt: f.clock.now(),
  });
}

function answer(f: Forwarding, outcome: Outcome, stats: AttemptStats): void {
  const { runtime, upstream, request, spec, resilience, res, context, forwardOnce, clock } = f;
  const listener = new AnnotatingListener(f.listener, stats);
  const target = outcome.target?.spec.url ?? '';
  if (res.destroyed) {
    if (outcome.kind === 'answer') outcome.discard();
    listener.settled(res, { upstream: upstream.spec.id, target, status: 0, upstreamMs: -1, outcome: 'abandoned' }, context);
    return;
  }
  if (outcome.kind === 'failure') {
    if (outcome.failure === 'circuit-open') runtime.countersOf(resilience.upstream).circuitOpenRejected++;
    if (outcome.failure === 'deadline') runtime.countersOf(resilience.upstream).deadlineExceeded++;
  }
  const fallback = resilience.fallback;
  if (outcome.kind === 'answer' && (outcome.status < 500 || fallback === undefined)) {
    if (fallback?.kind === 'stale') keepStale(f, fallback, outcome as AttemptCall);
    (outcome as AttemptCall).commit(res, listener, context, request.shaper);
    return;
  }
  const reason = outcome.kind === 'answer' ? `upstream-${outcome.status}` : (FALLBACK_REASON[outcome.failure] ?? `upstream-${outcome.failure}`);
  const summary: ForwardSummary = { upstream: upstream.spec.id, target, status: 0, upstreamMs: -1, outcome: 'failed' };
  if (
    fallback?.kind === 'upstream' &&
    (outcome.kind === 'answer' || typeof request.body !== 'object' || request.body === null || Buffer.isBuffer(request.body))
  ) {
    served(f, outcome, listener, reason);
    res.setHeader('x-mimicus-fallback', reason);
    forwardOnce(request, { ...spec, upstream: fallback.upstream, resilience: undefined }, res, listener, context);
    return;
  }
  if (fallback?.kind === 'stale') {
    const stale = f.runtime.staleCache(fallback).find(staleKey(request.method, request.path, request.rawHeaders), clock.now(), fallback.maxStaleMs);
    if (stale !== undefined) {
      served(f, outcome, listener, reason);
      const ageSeconds = String(Math.max(0, Math.floor((clock.now() - stale.storedAt) / 1000)));
      res.writeHead(stale.status, [...stale.headers, 'age', ageSeconds, 'x-mimicus-fallback', reason]);
      res.end(request.method === 'HEAD' ? undefined : stale.body);
      listener.settled(res, { ...summary, status: stale.status, outcome: 'complete' }, context);
      return;
    }
  }
  let response: PreparedResponse | undefined;
  let error = outcome.kind === 'failure' ? outcome.error : undefined;
  try {
    response = fallback?.kind === 'response' ? request.renderFallback?.(fallback.responder) : undefined;
  } catch (thrown) {
    // A fallback template that fails is answered like any template failure (TEMPLATE_RENDER_FAILED).
    error = thrown instanceof AppError ? thrown : new AppError('TEMPLATE_RENDER_FAILED', String(thrown), { cause: thrown });
  }
  if (response !== undefined) {
    served(f, outcome, listener, reason);
    res.writeHead(response.status, [...response.headers, 'x-mimicus-fallback', reason]);
    res.end(response.body);
    listener.settled(res, { ...summary, status: response.status, outcome: 'complete' }, context);
    return;
  }
  if (outcome.kind === 'answer' && error === undefined) {
    // No fallback could answer: the backend's own answer is better than none.
    (outcome as AttemptCall).commit(res, listener, context, request.shaper);
    return;
  }
  if (outcome.kind === 'answer') outcome.discard();
  // Refusals that pass with time say when to come back.
  if (outcome.kind === 'failure' && (outcome.failure === 'circuit-open' || outcome.failure === 'bulkhead-full')) res.setHeader('retry-after', '1');
  listener.failed(res, error!, summary, context);
}

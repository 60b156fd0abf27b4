import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock/index.js';
import { AppError } from '../errors/index.js';
import type { AppliedSummary, JournalRecorder, Logger } from '../observe/index.js';
import type { Plan, PlanEndpoint, PreparedResponse, RouteLookup } from '../plan/index.js';
import type { StateStore } from '../state/index.js';
import type { RateLimiters } from './behaviors/index.js';
import { deliver, type Delivery } from './deliver/index.js';
import { IncomingMockRequest } from './incoming-request.js';
import { createLatenessCompensator } from './lateness-compensator.js';
import { waitOutDelay } from './wait-out-delay.js';
import type { BodyBudget } from './body-budget.js';
import { hasBody, readBody } from './read-body.js';
import { answerMatched, type Answer, type AnswerContext } from './respond/answer-matched.js';
import { answerStateful } from './respond/answer-stateful.js';
import { LazyIdentity, RequestState } from './state/index.js';
import { problemResponse } from './respond/problem-response.js';
import { unmatchedResponse } from './respond/unmatched-response.js';
import type { ScheduleClock } from './schedule-clock.js';
import type { RequestTrace, RequestTracer } from './request-tracer.js';
import type { Forwarder } from '../upstream/index.js';
import { createProxyExchange, FORWARDED, streamsToProxy, type ProxyContext } from './respond/proxy-response.js';

export interface RequestHandlerDeps {
  /** The Plan in force; read once per request so a swap never changes a request mid-way. */
  readonly currentPlan: () => Plan;
  readonly logger: Logger;
  /** True while the server drains for shutdown: answers then close their connection. */
  readonly isDraining: () => boolean;
  /** Called once per request when its response has been handed to the socket, or it was abandoned. */
  readonly onSettled: () => void;
  /**
   * Arrival, wait and journal times (monotonic `now()`). Traces keep reading performance.now()
   * themselves (the tracer's time base), which is the same time under the system clock.
   */
  readonly clock: Clock;
  readonly scheduleClock: ScheduleClock;
  readonly limiters: RateLimiters;
  /** The state store, opened on first use (only endpoints that use state need it). */
  readonly stateStore: () => Promise<StateStore>;
  /** Request-body bytes held at once, all requests together (server.maxTotalBodySize). */
  readonly bodyBudget: BodyBudget;
  /** Records every request once its response was handed to the socket, or it was abandoned. */
  readonly journal?: JournalRecorder;
  /** Traces sampled requests; absent when tracing is off (one check per request, nothing more). */
  readonly tracer?: RequestTracer;
  /** The upstream port; absent, proxied requests answer 502 UPSTREAM_UNAVAILABLE. */
  readonly forwarder?: Forwarder;
}

const WHOLE: Delivery = { kind: 'whole' };
const NO_HEADERS: readonly string[] = [];

/** The state path: a StateView over the store, then the stateful pipeline (engine/respond/answer-stateful). */
async function answerWithState(
  plan: Plan,
  endpoint: PlanEndpoint,
  request: IncomingMockRequest,
  params: Readonly<Record<string, string>>,
  context: AnswerContext,
  state: RequestState,
  deps: RequestHandlerDeps,
): Promise<Answer> {
  request.params = params;
  return answerStateful(plan, endpoint, request, context, await deps.stateStore(), state, params['*'] ?? '');
}

/**
 * A lookup over endpoints that match on state: predicates read the request's StateView, and a
 * lookup that read keys not loaded yet is run again once they are (rarely more than once).
 */
async function lookupWithState(plan: Plan, request: IncomingMockRequest, state: RequestState, deps: RequestHandlerDeps) {
  const store = await deps.stateStore();
  request.state = state;
  for (let pass = 0; ; pass++) {
    const found = plan.routes.lookup(request);
    if (!state.incomplete || pass >= 4) return found;
    await state.fill(store);
  }
}

function answerLookup(
  plan: Plan,
  request: IncomingMockRequest,
  found: RouteLookup<PlanEndpoint>,
  context: AnswerContext,
  state: RequestState | undefined,
  deps: RequestHandlerDeps,
): Answer | Promise<Answer> {
  if (found.kind === 'unmatched') {
    // Partial mocking: what no endpoint matches goes to the backend.
    if (plan.unmatched.proxy !== undefined) return { response: FORWARDED, delivery: WHOLE, delayMs: 0, applied: { delayMs: 0 }, forward: plan.unmatched.proxy };
    const outcome = unmatchedResponse(plan, request);
    const response = outcome.kind === 'response' ? outcome.response : problemResponse(new AppError('ROUTE_NOT_MATCHED'));
    return { response, delivery: WHOLE, delayMs: 0, applied: { delayMs: 0, nearMisses: outcome.nearMisses } };
  }
  const { endpoint } = found;
  if (endpoint.usesState) return answerWithState(plan, endpoint, request, found.params, context, state ?? new RequestState(context.identity), deps);
  request.params = found.params;
  try {
    return answerMatched(plan, endpoint, request, context);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    deps.logger.error({ err: error, endpoint: endpoint.id, method: request.method, url: request.url }, error.message);
    return { response: problemResponse(error, { endpoint: endpoint.id }), delivery: WHOLE, delayMs: 0, applied: { endpointId: endpoint.id, delayMs: 0 } };
  }
}

function answerFor(plan: Plan, request: IncomingMockRequest, identity: LazyIdentity, deps: RequestHandlerDeps): Answer | Promise<Answer> {
  if (plan.matchesOnState) {
    const state = new RequestState(identity);
    return lookupWithState(plan, request, state, deps).then((found) => answerLookup(plan, request, found, contextOf(identity, deps), state, deps));
  }
  const found = plan.routes.lookup(request);
  // The common case, a static stub with no behaviors, answers its prepared bytes with no more work.
  if (found.kind === 'matched') {
    const { endpoint } = found;
    if (endpoint.behaviors.passive && endpoint.responder.type === 'static' && !endpoint.usesState && !plan.server.debugHeaders) {
      return { response: endpoint.responder.response, delivery: WHOLE, delayMs: 0, applied: { endpointId: endpoint.id, delayMs: 0 } };
    }
  }
  return answerLookup(plan, request, found, contextOf(identity, deps), undefined, deps);
}

/**
 * answerFor for a sampled request: the same pipeline without the static fast path, reporting when
 * matching ended. Only traced requests come here, so the untraced path stays as it was.
 */
function answerForTraced(plan: Plan, request: IncomingMockRequest, identity: LazyIdentity, deps: RequestHandlerDeps, trace: RequestTrace): Answer | Promise<Answer> {
  const startedAt = performance.now();
  if (plan.matchesOnState) {
    const state = new RequestState(identity);
    return lookupWithState(plan, request, state, deps).then((found) => {
      trace.matched(startedAt, found.kind === 'matched' ? found.endpoint : undefined);
      return answerLookup(plan, request, found, contextOf(identity, deps), state, deps);
    });
  }
  const found = plan.routes.lookup(request);
  trace.matched(startedAt, found.kind === 'matched' ? found.endpoint : undefined);
  return answerLookup(plan, request, found, contextOf(identity, deps), undefined, deps);
}

/** Built past the static fast path only, which needs neither the clock nor the limiters. */
const contextOf = (identity: LazyIdentity, deps: RequestHandlerDeps): AnswerContext => ({
  scheduleNow: deps.scheduleClock.now(),
  identity,
  limiters: deps.limiters,
});

/**
 * The data-plane request handler: read the body when there is one, match, run the endpoint's
 * behaviors, wait out the sampled latency, deliver. Latency is measured from arrival: the wait is
 * the sampled delay less the time already spent, so work done before it is not added on top.
 * Bugs are caught here, logged with the request, and answered with a marked 500.
 */
export function createRequestHandler(deps: RequestHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const settle = () => deps.onSettled();
  const lateness = createLatenessCompensator();

  const { journal, tracer, clock } = deps;

  /** A sampled request's trace ends when its response is done or its connection closes, whatever the path. */
  const startTrace = (tracer: RequestTracer, request: IncomingMockRequest, req: IncomingMessage, res: ServerResponse, arrivedAt: number) => {
    const trace = tracer.start(req, arrivedAt);
    if (trace === undefined) return;
    request.trace = trace;
    res.once('close', () => trace.finished(res.headersSent ? res.statusCode : 0, !res.writableFinished));
  };

  /** One journal entry: references only, nothing copied (the journal redacts and truncates on read). */
  const record = (
    request: IncomingMockRequest,
    identity: LazyIdentity | undefined,
    arrivedAt: number,
    response: PreparedResponse | undefined,
    applied: AppliedSummary | undefined,
    firstByteAt: number,
    completeAt: number,
    abandoned: boolean,
  ): void => {
    journal!.record({
      arrivedAtMs: clock.toEpochMs(arrivedAt),
      firstByteMs: firstByteAt - arrivedAt,
      completeMs: completeAt - arrivedAt,
      method: request.method,
      url: request.url,
      path: request.path,
      requestHeaders: request.headers,
      requestBody: request.bodyBytes,
      status: response?.status ?? 0,
      responseHeaders: response?.headers ?? NO_HEADERS,
      responseBody: response?.body,
      applied,
      abandoned,
      identity,
    });
  };

  const send = (
    res: ServerResponse,
    answer: Answer,
    closeConnection: boolean,
    plan: Plan,
    request: IncomingMockRequest,
    identity: LazyIdentity | undefined,
    arrivedAt: number,
  ): void => {
    if (closeConnection || deps.isDraining()) res.shouldKeepAlive = false;
    if (answer.forward !== undefined) {
      forwardAnswer(plan, answer, request, identity, arrivedAt, res);
      return;
    }
    try {
      if (answer.delivery.kind === 'whole') {
        res.writeHead(answer.response.status, answer.response.headers as string[]);
        res.end(answer.response.body);
        if (journal) {
          const sentAt = clock.now();
          record(request, identity, arrivedAt, answer.response, answer.applied, sentAt, sentAt, false);
        }
        deps.onSettled();
        return;
      }
      if (!journal) {
        void deliver(res, answer.response, answer.delivery, { random: plan.random }).then(settle, settle);
        return;
      }
      const startedAt = clock.now();
      const delivered = () => {
        // Faults that break the connection on purpose are not the client leaving.
        const abandoned = !res.writableFinished && (answer.delivery.kind === 'paced' || answer.delivery.kind === 'dribble');
        record(request, identity, arrivedAt, answer.response, answer.applied, startedAt, clock.now(), abandoned);
        deps.onSettled();
      };
      void deliver(res, answer.response, answer.delivery, { random: plan.random }).then(delivered, delivered);
    } catch (error) {
      // node:http refuses some header values (a templated header with a newline, say). That must
      // cost one marked 500, never the process: this may run in a timer, outside any handler. It
      // is the config's doing, not a bug of ours: a warning with the reason, no stack.
      const reason = error instanceof Error ? error.message : String(error);
      deps.logger.warn({ status: answer.response.status, endpoint: answer.applied?.endpointId, method: request.method, path: request.path, reason }, 'response could not be written');
      if (res.headersSent) res.destroy();
      else {
        const failure = problemResponse(new AppError('INTERNAL', `response could not be written: ${reason}`, { cause: error }));
        // The failed writeHead already set the intended status's phrase ("OK"); this is a 500.
        res.statusMessage = STATUS_CODES[failure.status] ?? '';
        res.writeHead(failure.status, failure.headers as string[]);
        res.end(failure.body);
        if (journal) {
          const sentAt = clock.now();
          record(request, identity, arrivedAt, failure, answer.applied, sentAt, sentAt, false);
        }
      }
      deps.onSettled();
    }
  };

  const exchange = deps.forwarder && createProxyExchange(deps.forwarder, {
    done(context, response, _summary, abandoned) {
      if (journal) {
        const at = clock.now();
        record(context.request, context.identity as LazyIdentity, context.arrivedAt, response, context.applied, at, at, abandoned);
      }
      deps.onSettled();
    },
    warn(context, error) {
      deps.logger.warn({ code: error.code, endpoint: context.applied?.endpointId, method: context.request.method, path: context.request.path }, error.detail ?? error.message);
    },
  });

  /** Hands a forwarded answer to the proxy producer (engine/respond/proxy-response). */
  const forwardAnswer = (plan: Plan, answer: Answer, request: IncomingMockRequest, identity: LazyIdentity | undefined, arrivedAt: number, res: ServerResponse) => {
    const context: ProxyContext = { request, identity: identity ?? new LazyIdentity(request, res.req.socket.remoteAddress ?? '', plan.state), arrivedAt, applied: answer.applied };
    if (exchange === undefined) {
      const error = new AppError('UPSTREAM_UNAVAILABLE', 'this server was started without an upstream forwarder');
      send(res, { response: problemResponse(error), delivery: WHOLE, delayMs: 0, applied: answer.applied }, false, plan, request, identity, arrivedAt);
      return;
    }
    exchange(plan, answer.forward!, request, res.req, res, context);
  };

  const failed = (request: IncomingMockRequest, error: unknown): Answer => {
    deps.logger.error({ err: error, method: request.method, url: request.url }, 'request failed');
    const failure = error instanceof AppError ? error : new AppError('INTERNAL', 'Mimicus failed while answering this request; see its log', { cause: error });
    return { response: problemResponse(failure), delivery: WHOLE, delayMs: 0 };
  };

  const dispatch = (plan: Plan, request: IncomingMockRequest, req: IncomingMessage, res: ServerResponse, arrivedAt: number) => {
    let answer: Answer | Promise<Answer>;
    const identity = new LazyIdentity(request, req.socket.remoteAddress ?? '', plan.state);
    const trace = request.trace;
    try {
      answer = trace === undefined ? answerFor(plan, request, identity, deps) : answerForTraced(plan, request, identity, deps, trace);
    } catch (error) {
      answer = failed(request, error);
    }
    if (answer instanceof Promise) {
      answer.then(
        (settled) => respond(plan, settled, res, arrivedAt, request, identity),
        (error: unknown) => respond(plan, failed(request, error), res, arrivedAt, request, identity),
      );
      return;
    }
    respond(plan, answer, res, arrivedAt, request, identity);
  };

  const respond = (plan: Plan, answer: Answer, res: ServerResponse, arrivedAt: number, request: IncomingMockRequest, identity: LazyIdentity) => {
    const trace = request.trace;
    if (trace !== undefined) {
      trace.answered(answer);
      if (answer.delayMs <= 0) trace.sending();
    }
    if (answer.delayMs <= 0) {
      send(res, answer, false, plan, request, identity, arrivedAt);
      return;
    }
    // A client that leaves during the wait frees its timer at once.
    const abandon = () => {
      cancel?.();
      if (journal) {
        const leftAt = clock.now();
        record(request, identity, arrivedAt, answer.response, answer.applied, leftAt, leftAt, true);
      }
      deps.onSettled();
    };
    const cancel = waitOutDelay(answer.delayMs, arrivedAt, lateness, clock, () => {
      res.removeListener('close', abandon);
      if (trace !== undefined) trace.sending();
      send(res, answer, false, plan, request, identity, arrivedAt);
    });
    if (cancel) res.once('close', abandon);
  };

  return (req, res) => {
    const arrivedAt = clock.now();
    const plan = deps.currentPlan();
    const request = new IncomingMockRequest(req);
    if (tracer !== undefined) startTrace(tracer, request, req, res, arrivedAt);
    // A body bound for a backend streams to it as it arrives (nothing here needs to read it).
    if (!hasBody(req) || (deps.forwarder !== undefined && streamsToProxy(plan, request, req))) {
      dispatch(plan, request, req, res, arrivedAt);
      return;
    }
    void readBody(req, plan.server.maxBodyBytes, deps.bodyBudget).then((result) => {
      if (result.kind === 'aborted') {
        if (journal) {
          const leftAt = clock.now();
          record(request, undefined, arrivedAt, undefined, undefined, leftAt, leftAt, true);
        }
        deps.onSettled();
        return;
      }
      if (result.kind === 'too-large') {
        const error = new AppError('REQUEST_BODY_TOO_LARGE', `request body exceeds ${result.limitBytes} bytes (server.maxBodySize)`);
        send(res, { response: problemResponse(error), delivery: WHOLE, delayMs: 0 }, true, plan, request, undefined, arrivedAt);
        return;
      }
      if (result.kind === 'over-budget') {
        const error = new AppError('REQUEST_BODY_BUDGET_SPENT', 'request bodies in progress hold server.maxTotalBodySize already; retry shortly');
        send(res, { response: problemResponse(error), delivery: WHOLE, delayMs: 0 }, true, plan, request, undefined, arrivedAt);
        return;
      }
      // The body's bytes stay taken until its response is done (or its client gone).
      const heldBytes = result.body.length;
      if (heldBytes > 0) res.once('close', () => deps.bodyBudget.give(heldBytes));
      request.setBody(result.body);
      dispatch(plan, request, req, res, arrivedAt);
    });
  };
}


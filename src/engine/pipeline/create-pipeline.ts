import { performance } from 'node:perf_hooks';
import type { Clock } from '../../clock/index.js';
import { AppError } from '../../errors/index.js';
import type { JournalRecorder, Logger } from '../../observe/index.js';
import type { PlanEndpoint, PreparedResponse, RouteLookup } from '../../plan/index.js';
import type { StateStore } from '../../state/index.js';
import type { Forwarder } from '../../upstream/index.js';
import type { RateLimiters } from '../behaviors/index.js';
import type { Delivery } from '../deliver/index.js';
import { problemResponse } from '../respond/problem-response.js';
import { unmatchedResponse } from '../respond/unmatched-response.js';
import type { ScheduleClock } from '../schedule-clock.js';
import { LazyIdentity } from '../state/index.js';
import type { Answer, Decision } from './answer.js';
import { forwardedAnswer, unmatchedForward } from './forward-answer.js';
import { decide } from './decide.js';
import { createDeliverAnswer } from './deliver-answer.js';
import type { Exchange } from './exchange.js';
import { matchWithState } from './match-route.js';
import { produce } from './produce.js';
import { produceWithState } from './produce-with-state.js';
import { createRecord } from './record.js';
import { shape } from './shape.js';
import { createWait } from './wait.js';

export interface PipelineDeps {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly scheduleClock: ScheduleClock;
  readonly limiters: RateLimiters;
  /** The state store, opened on first use (only endpoints that use state need it). */
  readonly stateStore: () => Promise<StateStore>;
  readonly journal?: JournalRecorder;
  readonly isDraining: () => boolean;
  readonly onSettled: () => void;
  /** Forwards proxied requests upstream; absent: a proxy answer is a coded UPSTREAM_UNAVAILABLE problem. */
  readonly forwarder?: Forwarder;
}

/** The stages over one Exchange, from its dispatch (body read) to its journal entry. */
export interface Pipeline {
  /** match → decide → produce → shape → wait → deliver → record. */
  run(x: Exchange): void;
  /** Answers at once with `response` and closes the connection after it (a refused body). */
  answerThenClose(x: Exchange, response: PreparedResponse): void;
  /** Answers at once with `response`, no endpoint involved (a CORS preflight); recorded like any answer. */
  answerNow(x: Exchange, response: PreparedResponse): void;
  /** The client left before the request could be dispatched. */
  abandon(x: Exchange): void;
}

const WHOLE: Delivery = { kind: 'whole' };

/**
 * The fast path's answers, one per static endpoint of a Plan (a new Plan's endpoints are new
 * objects): the same every time, and nothing writes into an Answer or its applied summary once
 * made, so a static stub allocates no answer per request (the journal keeps a reference to it).
 */
const staticAnswers = new WeakMap<PlanEndpoint, Answer>();
function staticAnswerOf(endpoint: PlanEndpoint, response: PreparedResponse): Answer {
  let answer = staticAnswers.get(endpoint);
  if (answer === undefined) {
    answer = { response, delivery: WHOLE, delayMs: 0, applied: { endpointId: endpoint.id, delayMs: 0 } };
    staticAnswers.set(endpoint, answer);
  }
  return answer;
}

/**
 * The request path, in stage order. Each stage is its own file:
 * match (here, and match-route.ts with state) → decide.ts → produce.ts / produce-with-state.ts →
 * shape.ts → wait.ts → deliver-answer.ts → record.ts. Stages up to shape may be asynchronous
 * (state, CRUD); a proxied request leaves shape out and is forwarded by deliver; a request that needs no I/O runs through without a promise.
 * Tracing observes the stages (`x.trace`), it does not run a second pipeline.
 */
export function createPipeline(deps: PipelineDeps): Pipeline {
  const complete = createRecord(deps);
  const deliverAnswer = createDeliverAnswer(deps, complete);
  const waitThenDeliver = createWait(deps.clock, deliverAnswer, complete);

  /** A bug: logged with the request, answered with a marked 500. */
  const failed = (x: Exchange, error: unknown): Answer => {
    deps.logger.error({ err: error, method: x.request.method, url: x.request.url }, 'request failed');
    const failure = error instanceof AppError ? error : new AppError('INTERNAL', 'Mimicus failed while answering this request; see its log', { cause: error });
    return { response: problemResponse(failure), delivery: WHOLE, delayMs: 0 };
  };

  /** An AppError of the endpoint's own making (a template that fails to render): its marked answer. */
  const endpointFailed = (x: Exchange, endpoint: PlanEndpoint, error: unknown): Answer => {
    if (!(error instanceof AppError)) throw error;
    deps.logger.error({ err: error, endpoint: endpoint.id, method: x.request.method, url: x.request.url }, error.message);
    return { response: problemResponse(error, { endpoint: endpoint.id }), delivery: WHOLE, delayMs: 0, applied: { endpointId: endpoint.id, delayMs: 0 } };
  };

  const unmatched = (x: Exchange): Answer => {
    if (x.plan.unmatched.proxy !== undefined) return unmatchedForward(x.plan.unmatched.proxy);
    const outcome = unmatchedResponse(x.plan, x.request);
    const response = outcome.kind === 'response' ? outcome.response : problemResponse(new AppError('ROUTE_NOT_MATCHED'));
    return { response, delivery: WHOLE, delayMs: 0, applied: { delayMs: 0, nearMisses: outcome.nearMisses } };
  };

  /** decide → produce → shape for the matched endpoint. */
  const answerMatched = (x: Exchange, found: RouteLookup<PlanEndpoint>): Answer | Promise<Answer> => {
    if (found.kind === 'unmatched') return unmatched(x);
    const { endpoint } = found;
    x.routed(endpoint.id, found.params);
    try {
      const decision = decide(x, endpoint, deps.scheduleClock.now(), deps.limiters);
      // A promise only when a bucket lives in Redis; the in-process path answers without one.
      if (decision instanceof Promise) {
        return decision.then(
          (settled) => answerDecided(x, endpoint, settled),
          (error: unknown) => endpointFailed(x, endpoint, error),
        );
      }
      return answerDecided(x, endpoint, decision);
    } catch (error) {
      return endpointFailed(x, endpoint, error);
    }
  };

  /** produce → shape once decided. */
  const answerDecided = (x: Exchange, endpoint: PlanEndpoint, decision: Decision): Answer | Promise<Answer> => {
    try {
      if (decision.kind === 'answered') return decision.answer;
      // A proxy produces nothing here: the backend answers, through deliver, after the wait.
      if (decision.responder.type === 'proxy') return forwardedAnswer(x, endpoint, decision, decision.responder.spec);
      if (endpoint.usesState) {
        return produceWithState(x, endpoint, decision, deps.stateStore).then(
          (done) => shape(x, endpoint, decision, done.produced, done.writes),
          (error: unknown) => endpointFailed(x, endpoint, error),
        );
      }
      const produced = produce(x, decision);
      if (produced instanceof Promise) {
        return produced.then(
          (done) => shape(x, endpoint, decision, done, undefined),
          (error: unknown) => endpointFailed(x, endpoint, error),
        );
      }
      return shape(x, endpoint, decision, produced, undefined);
    } catch (error) {
      return endpointFailed(x, endpoint, error);
    }
  };

  const answerOf = (x: Exchange): Answer | Promise<Answer> => {
    const { plan, request, trace } = x;
    if (plan.matchesOnState) {
      const startedAt = trace === undefined ? 0 : performance.now();
      return matchWithState(x, deps.stateStore).then((found) => {
        if (trace !== undefined) trace.matched(startedAt, found.kind === 'matched' ? found.endpoint : undefined);
        return answerMatched(x, found);
      });
    }
    if (trace === undefined) {
      const found = plan.routes.lookup(request);
      // The static fast path, first: a bare static stub answers its prepared bytes with no more work.
      if (found.kind === 'matched') {
        const { endpoint } = found;
        if (
          endpoint.behaviors.passive &&
          endpoint.responder.type === 'static' &&
          !endpoint.usesState &&
          !plan.server.debugHeaders &&
          endpoint.requestCheck === undefined
        ) {
          return staticAnswerOf(endpoint, endpoint.responder.response);
        }
      }
      return answerMatched(x, found);
    }
    // A sampled request skips the fast path: its trace shows every stage.
    const startedAt = performance.now();
    const found = plan.routes.lookup(request);
    trace.matched(startedAt, found.kind === 'matched' ? found.endpoint : undefined);
    return answerMatched(x, found);
  };

  const answered = (x: Exchange, answer: Answer): void => {
    x.answer = answer;
    waitThenDeliver(x);
  };

  return {
    run(x) {
      x.identified = new LazyIdentity(x.request, x.req.socket.remoteAddress ?? '', x.plan.state);
      let answer: Answer | Promise<Answer>;
      try {
        answer = answerOf(x);
      } catch (error) {
        answer = failed(x, error);
      }
      if (answer instanceof Promise) {
        answer.then(
          (settled) => answered(x, settled),
          (error: unknown) => answered(x, failed(x, error)),
        );
        return;
      }
      answered(x, answer);
    },
    answerThenClose(x, response) {
      x.answer = { response, delivery: WHOLE, delayMs: 0 };
      deliverAnswer(x, true);
    },
    answerNow(x, response) {
      x.identified = new LazyIdentity(x.request, x.req.socket.remoteAddress ?? '', x.plan.state);
      x.answer = { response, delivery: WHOLE, delayMs: 0 };
      deliverAnswer(x, false);
    },
    abandon(x) {
      complete(x, true);
    },
  };
}

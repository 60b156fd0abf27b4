import { performance } from 'node:perf_hooks';
import { AppError } from '../../errors/index.js';
import type { Behavior, FaultTable, Fault, Plan, PlanEndpoint, PreparedResponse, ProxySpec, Responder, WindowBehavior } from '../../plan/index.js';
import type { Random } from '../../distributions/index.js';
import type { AppliedSummary } from '../../observe/index.js';
import type { RateLimiters } from '../behaviors/index.js';
import { rateLimitHeaders } from '../behaviors/index.js';
import { corruptBody, withBody, type Delivery } from '../deliver/index.js';
import type { IncomingMockRequest } from '../incoming-request.js';
import type { RequestIdentity } from '../state/index.js';
import { problemResponse } from './problem-response.js';
import { FORWARDED } from './proxy-response.js';
import { produceResponse, type ResponseOutcome } from './produce-response.js';
import { serverTiming } from './server-timing.js';

/** What to send, how, and how long after the request arrived. */
export interface Answer {
  readonly response: PreparedResponse;
  readonly delivery: Delivery;
  /** Sampled latency, measured from arrival to the first response byte. */
  readonly delayMs: number;
  /** What was applied (endpoint, delay, fault, variant, window), for the journal. */
  readonly applied?: AppliedSummary;
  /** Set when the request is forwarded (after the delay): the backend's answer replaces `response`. */
  readonly forward?: ProxySpec;
}

export interface AnswerContext {
  readonly scheduleNow: number;
  /** Client address and session id, resolved on first read. */
  readonly identity: RequestIdentity;
  readonly limiters: RateLimiters;
}

const WHOLE: Delivery = { kind: 'whole' };

function pickFault(table: FaultTable | undefined, random: Random): { fault: Fault; label: string } | undefined {
  if (table === undefined) return undefined;
  const draw = random.next();
  const { cumulativeRates, faults, labels } = table;
  for (let i = 0; i < cumulativeRates.length; i++) {
    if (draw < cumulativeRates[i]!) return { fault: faults[i]!, label: labels[i]! };
  }
  return undefined;
}

export function responseOf(outcome: ResponseOutcome, endpointId: string): PreparedResponse {
  if (outcome.kind === 'response') return outcome.response;
  const error = new AppError('SEQUENCE_EXHAUSTED', `endpoint "${endpointId}" served every response of its sequence (after: 404)`);
  return problemResponse(error, { endpoint: endpointId });
}

function deliveryFor(fault: Fault | undefined, bandwidthBytesPerSecond: number | undefined): Delivery {
  switch (fault?.kind) {
    case 'reset':
      return { kind: 'reset' };
    case 'empty':
      return { kind: 'empty' };
    case 'hang':
      return { kind: 'hang', maxMs: fault.maxMs };
    case 'dribble':
      return { kind: 'dribble', chunks: fault.chunks, overMs: fault.overMs };
    default:
      return bandwidthBytesPerSecond === undefined ? WHOLE : { kind: 'paced', bytesPerSecond: bandwidthBytesPerSecond };
  }
}

const withHeaders = (response: PreparedResponse, extra: readonly string[]): PreparedResponse =>
  extra.length === 0 ? response : { ...response, headers: [...response.headers, ...extra] };

/** What the behaviors decided before the response is produced. */
export type Decision =
  | { readonly kind: 'answered'; readonly answer: Answer }
  | {
      readonly kind: 'respond';
      readonly behavior: Behavior;
      readonly window: WindowBehavior | undefined;
      readonly picked: { fault: Fault; label: string } | undefined;
      /** The responder to run: a fault's own, the window's, or the endpoint's. */
      readonly responder: Responder;
      readonly limitHeaders: readonly string[];
    };

/**
 * The first half of the pipeline DESIGN.md gives: the schedule resolves the behavior in force →
 * rate limit → fault decision. Decided before the response is produced, so a refused or failed
 * request never runs a responder with side effects (a CRUD write).
 */
export function decide(plan: Plan, endpoint: PlanEndpoint, request: IncomingMockRequest, context: AnswerContext): Decision {
  const { behaviors } = endpoint;
  const windowIndex = behaviors.schedule ? behaviors.schedule.activeWindow(context.scheduleNow) : -1;
  const window = windowIndex >= 0 ? behaviors.windows[windowIndex] : undefined;
  const behavior = window ? window.behavior : behaviors.base;

  let limitHeaders: readonly string[] = [];
  // The endpoint's own bucket, then its workflows' shared ones: each must admit the request. The
  // RateLimit headers describe the endpoint's own limit, or the first shared one without it.
  const limits = behavior.sharedLimits.length === 0 ? (behavior.rateLimit ? [behavior.rateLimit] : []) : behavior.rateLimit ? [behavior.rateLimit, ...behavior.sharedLimits] : behavior.sharedLimits;
  for (let i = 0; i < limits.length; i++) {
    const limit = limits[i]!;
    const sessionId = limit.key.kind === 'session' ? context.identity.sessionId : undefined;
    const outcome = context.limiters.take(limit, request, context.identity.clientAddress, endpoint.id, sessionId);
    if (request.trace !== undefined) request.trace.rateLimit(limit.bucket, outcome.allowed, outcome.remaining);
    const headers = rateLimitHeaders(limit, outcome);
    if (i === 0) limitHeaders = headers;
    if (!outcome.allowed) {
      // Refused at once: a limiter answers before any simulated work, as real gateways do.
      const rejection = responseOf(produceResponse(limit.rejection, request, plan.random), endpoint.id);
      const applied: AppliedSummary = { endpointId: endpoint.id, delayMs: 0, window: window?.name, rateLimited: true, rateLimitBucket: limit.bucket };
      return { kind: 'answered', answer: { response: withHeaders(rejection, headers), delivery: WHOLE, delayMs: 0, applied } };
    }
  }
  const picked = pickFault(behavior.faults, plan.random);
  const fault = picked?.fault;
  const responder = fault?.kind === 'status' || fault?.kind === 'error-in-payload' ? fault.responder : (window?.responder ?? endpoint.responder);
  return { kind: 'respond', behavior, window, picked, responder, limitHeaders };
}

/** The second half: the produced response, shaped by the decision (status, corruption, delay, headers). */
export function finish(
  plan: Plan,
  endpoint: PlanEndpoint,
  decision: Extract<Decision, { kind: 'respond' }>,
  produced: PreparedResponse,
  variant: string | undefined,
): Answer {
  const { behavior, window, picked, limitHeaders } = decision;
  const fault = picked?.fault;
  let response = produced;
  const faultAnswers = fault?.kind === 'status' || fault?.kind === 'error-in-payload';
  if (window?.status !== undefined && !faultAnswers) response = { ...response, status: window.status };
  if (fault?.kind === 'corrupt') response = withBody(response, corruptBody(response.body, fault.corruption, plan.random));

  const delayMs = behavior.latency ? behavior.latency.sample(plan.random) : 0;
  const extra = limitHeaders.slice();
  if (plan.server.debugHeaders) {
    extra.push(
      'server-timing',
      serverTiming({ endpoint: endpoint.id, delayMs, latencyLabel: behavior.latency?.label, fault: picked?.label, variant, window: window?.name }),
    );
  }
  const applied: AppliedSummary = { endpointId: endpoint.id, delayMs, fault: picked?.label, faultKind: fault?.kind, variant, window: window?.name };
  return { response: withHeaders(response, extra), delivery: deliveryFor(fault, behavior.bandwidthBytesPerSecond), delayMs, applied };
}

/** Runs a decided responder that needs no I/O (every kind but crud) and finishes the answer. */
export function answerDecided(plan: Plan, endpoint: PlanEndpoint, request: IncomingMockRequest, decision: Extract<Decision, { kind: 'respond' }>): Answer {
  if (decision.responder.type === 'proxy') return forwardedAnswer(plan, endpoint, decision, decision.responder.spec);
  const trace = request.trace;
  const startedAt = trace === undefined ? 0 : performance.now();
  const outcome = produceResponse(decision.responder, request, plan.random);
  if (trace !== undefined) trace.rendered(startedAt, decision.responder.type, outcome.kind === 'response' ? outcome.variant : undefined);
  return finish(plan, endpoint, decision, responseOf(outcome, endpoint.id), outcome.kind === 'response' ? outcome.variant : undefined);
}

/** The whole pipeline for a responder that needs no I/O. */
export function answerMatched(plan: Plan, endpoint: PlanEndpoint, request: IncomingMockRequest, context: AnswerContext): Answer {
  const decision = decide(plan, endpoint, request, context);
  return decision.kind === 'answered' ? decision.answer : answerDecided(plan, endpoint, request, decision);
}

/**
 * A proxied endpoint's answer once its behaviors let the request through: the latency is waited
 * before forwarding, so it adds to the backend's own time. Faults that break the connection (reset,
 * empty, hang) are served without calling the backend: reset as a close without a byte (a mid-body
 * reset of the real stream is not done yet), and corrupt, dribble and bandwidth do not apply yet.
 */
function forwardedAnswer(plan: Plan, endpoint: PlanEndpoint, decision: Extract<Decision, { kind: 'respond' }>, spec: ProxySpec): Answer {
  const { behavior, window, picked } = decision;
  const fault = picked?.fault;
  const delayMs = behavior.latency ? behavior.latency.sample(plan.random) : 0;
  const applied: AppliedSummary = { endpointId: endpoint.id, delayMs, fault: picked?.label, faultKind: fault?.kind, window: window?.name };
  switch (fault?.kind) {
    case 'reset':
    case 'empty':
      return { response: FORWARDED, delivery: { kind: 'empty' }, delayMs, applied };
    case 'hang':
      return { response: FORWARDED, delivery: { kind: 'hang', maxMs: fault.maxMs }, delayMs, applied };
    default:
      return { response: FORWARDED, delivery: WHOLE, delayMs, applied, forward: spec };
  }
}

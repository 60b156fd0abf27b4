import { AppError } from '../../errors/index.js';
import type { FaultTable, Fault, Plan, PlanEndpoint, PreparedResponse } from '../../plan/index.js';
import type { Random } from '../../distributions/index.js';
import type { RateLimiters } from '../behaviors/index.js';
import { rateLimitHeaders } from '../behaviors/index.js';
import { corruptBody, withBody, type Delivery } from '../deliver/index.js';
import type { IncomingMockRequest } from '../incoming-request.js';
import { problemResponse } from './problem-response.js';
import { produceResponse, type ResponseOutcome } from './produce-response.js';
import { serverTiming } from './server-timing.js';

/** What to send, how, and how long after the request arrived. */
export interface Answer {
  readonly response: PreparedResponse;
  readonly delivery: Delivery;
  /** Sampled latency, measured from arrival to the first response byte. */
  readonly delayMs: number;
}

export interface AnswerContext {
  readonly scheduleNow: number;
  readonly clientAddress: string;
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

function responseOf(outcome: ResponseOutcome, endpointId: string): PreparedResponse {
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

/**
 * The behavior pipeline of a matched endpoint, in the order DESIGN.md gives: schedule resolves the
 * behavior in force → rate limit → fault decision → response → latency to wait. Synchronous: the
 * caller waits `delayMs` (less the time already spent) and delivers.
 */
export function answerMatched(plan: Plan, endpoint: PlanEndpoint, request: IncomingMockRequest, context: AnswerContext): Answer {
  const { behaviors } = endpoint;
  const windowIndex = behaviors.schedule ? behaviors.schedule.activeWindow(context.scheduleNow) : -1;
  const window = windowIndex >= 0 ? behaviors.windows[windowIndex] : undefined;
  const behavior = window ? window.behavior : behaviors.base;
  const random = plan.random;

  let limitHeaders: readonly string[] = [];
  if (behavior.rateLimit) {
    const outcome = context.limiters.take(behavior.rateLimit, request, context.clientAddress, endpoint.id);
    limitHeaders = rateLimitHeaders(behavior.rateLimit, outcome);
    if (!outcome.allowed) {
      // Refused at once: a limiter answers before any simulated work, as real gateways do.
      const rejection = responseOf(produceResponse(behavior.rateLimit.rejection, request, random), endpoint.id);
      return { response: withHeaders(rejection, limitHeaders), delivery: WHOLE, delayMs: 0 };
    }
  }

  const picked = pickFault(behavior.faults, random);
  const fault = picked?.fault;
  const faultAnswers = fault?.kind === 'status' || fault?.kind === 'error-in-payload';
  const responder = faultAnswers ? fault.responder : (window?.responder ?? endpoint.responder);
  const outcome = produceResponse(responder, request, random);
  let response = responseOf(outcome, endpoint.id);
  if (window?.status !== undefined && !faultAnswers) response = { ...response, status: window.status };
  if (fault?.kind === 'corrupt') response = withBody(response, corruptBody(response.body, fault.corruption, random));

  const delayMs = behavior.latency ? behavior.latency.sample(random) : 0;
  const extra = limitHeaders.slice();
  if (plan.server.debugHeaders) {
    extra.push(
      'server-timing',
      serverTiming({
        endpoint: endpoint.id,
        delayMs,
        latencyLabel: behavior.latency?.label,
        fault: picked?.label,
        variant: outcome.kind === 'response' ? outcome.variant : undefined,
        window: window?.name,
      }),
    );
  }
  return { response: withHeaders(response, extra), delivery: deliveryFor(fault, behavior.bandwidthBytesPerSecond), delayMs };
}

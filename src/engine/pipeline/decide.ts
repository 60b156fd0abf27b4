import type { AppliedSummary } from '../../observe/index.js';
import type { Behavior, PlanEndpoint, RateLimitSpec, WindowBehavior } from '../../plan/index.js';
import { activeWindow, pickFault, rateLimitHeaders, type RateLimitOutcome, type RateLimiters } from '../behaviors/index.js';
import type { Delivery } from '../deliver/index.js';
import { produceResponse } from '../respond/produce-response.js';
import { responseOf } from '../respond/response-of.js';
import { withHeaders } from './with-headers.js';
import type { Decision } from './answer.js';
import type { StageInput } from './exchange.js';

const WHOLE: Delivery = { kind: 'whole' };
const NO_HEADERS: readonly string[] = [];

/**
 * Stage 1, decide: the request's `validate:` rules → the schedule window in force → rate limits → the fault draw → the responder
 * to run. Decided before anything is produced, so a refused or failed request never runs a
 * responder with side effects (a CRUD write). A dry run (not `live`) resolves the window and the
 * responder only: it takes no token and draws no fault. Synchronous unless a bucket lives in
 * Redis: only a take that answers with a promise makes the decision one.
 */
export function decide(x: StageInput, endpoint: PlanEndpoint, scheduleNow: number, limiters: undefined): Decision;
export function decide(x: StageInput, endpoint: PlanEndpoint, scheduleNow: number, limiters: RateLimiters | undefined): Decision | Promise<Decision>;
export function decide(x: StageInput, endpoint: PlanEndpoint, scheduleNow: number, limiters: RateLimiters | undefined): Decision | Promise<Decision> {
  // `validate:` rules (from an OpenAPI import): a request that breaks them is refused before any behavior.
  if (endpoint.requestCheck !== undefined) {
    const refusal = endpoint.requestCheck(x.request);
    if (refusal !== undefined)
      return { kind: 'answered', answer: { response: refusal, delivery: WHOLE, delayMs: 0, applied: { endpointId: endpoint.id, delayMs: 0 } } };
  }
  const window = endpoint.behaviors.schedule ? activeWindow(endpoint, scheduleNow) : undefined;
  const behavior = window ? window.behavior : endpoint.behaviors.base;
  if (!x.live || limiters === undefined) {
    return { kind: 'respond', behavior, window, picked: undefined, responder: window?.responder ?? endpoint.responder, limitHeaders: NO_HEADERS };
  }

  // The endpoint's own bucket, then its workflows' shared ones: each must admit the request. The
  // RateLimit headers describe the endpoint's own limit, or the first shared one without it.
  const limits =
    behavior.sharedLimits.length === 0
      ? behavior.rateLimit
        ? [behavior.rateLimit]
        : []
      : behavior.rateLimit
        ? [behavior.rateLimit, ...behavior.sharedLimits]
        : behavior.sharedLimits;
  return takeTokens({ x, endpoint, window, behavior, limits, limiters }, 0, NO_HEADERS);
}

interface Limiting {
  readonly x: StageInput;
  readonly endpoint: PlanEndpoint;
  readonly window: WindowBehavior | undefined;
  readonly behavior: Behavior;
  readonly limits: readonly RateLimitSpec[];
  readonly limiters: RateLimiters;
}

/** Takes a token from each limit from `from` on; a take answered by a promise continues once it settles. */
function takeTokens(at: Limiting, from: number, headersSoFar: readonly string[]): Decision | Promise<Decision> {
  const { x, endpoint, limits } = at;
  let limitHeaders = headersSoFar;
  for (let i = from; i < limits.length; i++) {
    const limit = limits[i]!;
    const sessionId = limit.key.kind === 'session' ? x.identity.sessionId : undefined;
    const outcome = at.limiters.take(limit, x.request, x.identity.clientAddress, endpoint.id, sessionId);
    if (outcome instanceof Promise) return outcome.then((settled) => afterTake(at, i, settled, limitHeaders));
    const admitted = admit(at, i, outcome);
    if ('kind' in admitted) return admitted;
    if (i === 0) limitHeaders = admitted;
  }
  return fromBehavior(at, limitHeaders);
}

function afterTake(at: Limiting, i: number, outcome: RateLimitOutcome, headersSoFar: readonly string[]): Decision | Promise<Decision> {
  const admitted = admit(at, i, outcome);
  if ('kind' in admitted) return admitted;
  return takeTokens(at, i + 1, i === 0 ? admitted : headersSoFar);
}

/** The limit's headers when the bucket admitted the request, else the refusal. */
function admit(at: Limiting, i: number, outcome: RateLimitOutcome): readonly string[] | Decision {
  const { x, endpoint, window } = at;
  const limit = at.limits[i]!;
  if (x.trace !== undefined) x.trace.rateLimit(limit.bucket, outcome.allowed, outcome.remaining);
  const headers = rateLimitHeaders(limit, outcome);
  if (outcome.allowed) return headers;
  // Refused at once: a limiter answers before any simulated work, as real gateways do.
  const rejection = responseOf(produceResponse(limit.rejection, x.request, x.random), endpoint.id);
  const applied: AppliedSummary = { endpointId: endpoint.id, delayMs: 0, window: window?.name, rateLimited: true, rateLimitBucket: limit.bucket };
  return { kind: 'answered', answer: { response: withHeaders(rejection, headers), delivery: WHOLE, delayMs: 0, applied } };
}

function fromBehavior({ x, endpoint, window, behavior }: Limiting, limitHeaders: readonly string[]): Decision {
  const picked = pickFault(behavior.faults, x.random);
  const fault = picked?.fault;
  const responder = fault?.kind === 'status' || fault?.kind === 'error-in-payload' ? fault.responder : (window?.responder ?? endpoint.responder);
  return { kind: 'respond', behavior, window, picked, responder, limitHeaders };
}

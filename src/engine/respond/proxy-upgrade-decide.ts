import type { AppliedSummary } from '../../observe/index.js';
import type { Plan, PlanEndpoint, PreparedResponse } from '../../plan/index.js';
import type { RateLimiters } from '../behaviors/index.js';
import type { IncomingMockRequest } from '../incoming-request.js';
import type { Decision } from '../pipeline/answer.js';
import { decide } from '../pipeline/decide.js';
import type { StageInput } from '../pipeline/exchange.js';
import type { RequestIdentity } from '../state/index.js';
import { LIVE_CHOICES } from './choices.js';
import { produceResponse } from './produce-response.js';
import type { TunnelShape } from './proxy-upgrade-shaper.js';
import { responseOf } from './response-of.js';

/** What happens to one Upgrade request to a proxied endpoint, once its behaviors are drawn. */
export type TunnelPlan =
  /** Refused with an HTTP answer (a rate limit, a status or error-in-payload fault): the backend is not asked. */
  | { readonly kind: 'answer'; readonly response: PreparedResponse; readonly applied: AppliedSummary }
  /** `empty`: the connection closes without a byte; `hang`: nothing is answered for `maxMs`, then it closes. */
  | { readonly kind: 'empty'; readonly applied: AppliedSummary }
  | { readonly kind: 'hang'; readonly maxMs: number; readonly applied: AppliedSummary }
  /** Tunnelled after `delayMs` (latency, mode add), shaped by `shape` when it has one. */
  | { readonly kind: 'tunnel'; readonly delayMs: number; readonly shape: TunnelShape | undefined; readonly applied: AppliedSummary };

const NEVER_ABORTED = new AbortController().signal;

/**
 * The decide stage run for a tunnel: the same `validate:`, schedule window, rate limits and fault
 * draw as an ordinary request to the endpoint, then mapped onto what a byte stream can take.
 * `corrupt` cannot: a WebSocket stream is framed, and corrupted bytes would break every frame after
 * them rather than one message, so a corrupt fault drawn for a tunnel is journaled as not applied.
 */
export function decideTunnel(
  plan: Plan,
  endpoint: PlanEndpoint,
  request: IncomingMockRequest,
  identity: RequestIdentity,
  scheduleNow: number,
  limiters: RateLimiters,
): TunnelPlan | Promise<TunnelPlan> {
  const input: StageInput = {
    plan,
    live: true,
    trace: undefined,
    identity,
    request,
    random: plan.random,
    choices: LIVE_CHOICES,
    endpointId: endpoint.id,
    state: undefined,
    store: undefined,
    signal: NEVER_ABORTED,
  };
  const decision = decide(input, endpoint, scheduleNow, limiters);
  return decision instanceof Promise ? decision.then((settled) => tunnelPlanOf(input, endpoint, settled)) : tunnelPlanOf(input, endpoint, decision);
}

function tunnelPlanOf(input: StageInput, endpoint: PlanEndpoint, decision: Decision): TunnelPlan {
  if (decision.kind === 'answered') return { kind: 'answer', response: decision.answer.response, applied: decision.answer.applied ?? { delayMs: 0 } };
  const { behavior, window, picked } = decision;
  const fault = picked?.fault;
  const random = input.plan.random;
  const sampledMs = behavior.latency ? behavior.latency.sample(random) : 0;
  const applied: AppliedSummary = { endpointId: endpoint.id, delayMs: sampledMs, fault: picked?.label, faultKind: fault?.kind, window: window?.name };
  switch (fault?.kind) {
    case 'status':
    case 'error-in-payload':
      return { kind: 'answer', response: responseOf(produceResponse(decision.responder, input.request, random), endpoint.id), applied };
    case 'empty':
      return { kind: 'empty', applied };
    case 'hang':
      return { kind: 'hang', maxMs: fault.maxMs, applied };
    case 'corrupt':
      applied.fault += ' (not applied: a WebSocket tunnel is not corrupted, see docs/proxy.md)';
      break;
    default:
      break;
  }
  const latency = behavior.latency;
  const total = behavior.latencyTotal === true;
  const dribble = fault?.kind === 'dribble' ? { chunks: fault.chunks, overMs: fault.overMs } : undefined;
  const resetAfterBytes = fault?.kind === 'reset' ? (fault.afterBytes ?? 0) : undefined;
  const bytesPerSecond = behavior.bandwidthBytesPerSecond;
  if (latency === undefined && dribble === undefined && resetAfterBytes === undefined && bytesPerSecond === undefined)
    return { kind: 'tunnel', delayMs: 0, shape: undefined, applied };
  const shape: TunnelShape = {
    releaseAfterMs: total ? sampledMs : 0,
    chunkDelayMs: latency === undefined ? undefined : () => latency.sample(random),
    bytesPerSecond,
    dribble,
    resetAfterBytes,
  };
  return { kind: 'tunnel', delayMs: total ? 0 : sampledMs, shape, applied };
}

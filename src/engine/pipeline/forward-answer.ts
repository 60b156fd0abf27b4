import type { AppliedSummary } from '../../observe/index.js';
import type { PlanEndpoint, ProxySpec } from '../../plan/index.js';
import type { Delivery } from '../deliver/index.js';
import { FORWARDED } from '../respond/proxy-response.js';
import type { Answer, Respond } from './answer.js';
import type { StageInput } from './exchange.js';

const WHOLE: Delivery = { kind: 'whole' };

/**
 * A proxied endpoint's answer once decide let the request through (a rate-limited or status-faulted
 * request never reaches the backend): the latency is sampled here and waited before forwarding
 * (wait.ts), so it adds to the backend's own time. Faults that break the connection (reset, empty,
 * hang) are served without calling the backend: reset as a close without a byte (a mid-body reset
 * of the real stream is not done yet); corrupt, dribble and bandwidth do not apply to a forwarded body yet.
 */
export function forwardedAnswer(x: StageInput, endpoint: PlanEndpoint, decision: Respond, spec: ProxySpec): Answer {
  const { behavior, window, picked } = decision;
  const fault = picked?.fault;
  const delayMs = x.live && behavior.latency ? behavior.latency.sample(x.random) : 0;
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

/** Partial mocking: what no endpoint matches goes to the backend (`server.unmatched.proxy`). */
export function unmatchedForward(spec: ProxySpec): Answer {
  return { response: FORWARDED, delivery: WHOLE, delayMs: 0, applied: { delayMs: 0 }, forward: spec };
}

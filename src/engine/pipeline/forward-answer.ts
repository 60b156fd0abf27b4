import type { AppliedSummary } from '../../observe/index.js';
import type { PlanEndpoint, ProxySpec } from '../../plan/index.js';
import { deliveryFor } from '../behaviors/index.js';
import type { Delivery } from '../deliver/index.js';
import { FORWARDED } from '../respond/proxy-response.js';
import type { ForwardShape } from '../respond/proxy-shaper.js';
import type { Answer, Respond } from './answer.js';
import type { StageInput } from './exchange.js';

const WHOLE: Delivery = { kind: 'whole' };

/**
 * A proxied endpoint's answer once decide let the request through (a rate-limited or status-faulted
 * request never reaches the backend). The latency is sampled here: with `mode: add` (the default)
 * it is waited before forwarding (wait.ts), so it adds to the backend's own time; with `mode: total`
 * the request is forwarded at once and the backend's head is held until the sampled latency after
 * arrival. `empty` and `hang` are served without calling the backend; `reset` (after some bytes of
 * the real body), `corrupt`, `dribble` and `bandwidth` shape the backend's answer on its way
 * (proxy-shaper.ts). An answer with none of them streams untouched: the hot path.
 */
export function forwardedAnswer(x: StageInput, endpoint: PlanEndpoint, decision: Respond, spec: ProxySpec): Answer {
  const { behavior, window, picked } = decision;
  const fault = picked?.fault;
  const sampledMs = x.live && behavior.latency ? behavior.latency.sample(x.random) : 0;
  const applied: AppliedSummary = { endpointId: endpoint.id, delayMs: sampledMs, fault: picked?.label, faultKind: fault?.kind, window: window?.name };
  switch (fault?.kind) {
    case 'empty':
      return { response: FORWARDED, delivery: { kind: 'empty' }, delayMs: sampledMs, applied };
    case 'hang':
      return { response: FORWARDED, delivery: { kind: 'hang', maxMs: fault.maxMs }, delayMs: sampledMs, applied };
    default: {
      const total = behavior.latencyTotal === true;
      const delivery = deliveryFor(fault, behavior.bandwidthBytesPerSecond);
      const corruption = fault?.kind === 'corrupt' ? fault.corruption : undefined;
      const releaseAfterMs = total ? sampledMs : 0;
      const delayMs = total ? 0 : sampledMs;
      if (releaseAfterMs <= 0 && corruption === undefined && delivery.kind === 'whole')
        return { response: FORWARDED, delivery: WHOLE, delayMs, applied, forward: spec };
      const shape: ForwardShape = { releaseAfterMs, corruption, delivery };
      return { response: FORWARDED, delivery: WHOLE, delayMs, applied, forward: spec, shape };
    }
  }
}

/** Partial mocking: what no endpoint matches goes to the backend (`server.unmatched.proxy`). */
export function unmatchedForward(spec: ProxySpec): Answer {
  return { response: FORWARDED, delivery: WHOLE, delayMs: 0, applied: { delayMs: 0 }, forward: spec };
}

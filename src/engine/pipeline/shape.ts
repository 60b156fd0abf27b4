import type { AppliedSummary } from '../../observe/index.js';
import type { PlanEndpoint, PreparedResponse } from '../../plan/index.js';
import type { StateWrite } from '../../state/index.js';
import { deliveryFor } from '../behaviors/index.js';
import { corruptBody, withBody } from '../deliver/index.js';
import type { Produced } from '../respond/producer.js';
import { responseOf } from '../respond/response-of.js';
import { serverTiming } from '../respond/server-timing.js';
import type { Answer, Respond } from './answer.js';
import type { StageInput } from './exchange.js';
import { withHeaders } from './with-headers.js';

/**
 * Stage 3, shape: the produced response as the decision says: the window's status, a corrupted
 * body, the RateLimit and debug headers; then the latency is sampled (after the body's draws, so
 * a seeded run draws in the same order it always did) and the delivery chosen. A dry run samples
 * nothing and adds no debug header: the Plan's PRNG is not touched.
 */
export function shape(x: StageInput, endpoint: PlanEndpoint, decision: Respond, produced: Produced, writes: readonly StateWrite[] | undefined): Answer {
  const { behavior, window, picked, limitHeaders } = decision;
  const fault = picked?.fault;
  const variant = produced.kind === 'sequence-exhausted' ? undefined : produced.variant;
  let response: PreparedResponse = responseOf(produced, endpoint.id);
  const faultAnswers = fault?.kind === 'status' || fault?.kind === 'error-in-payload';
  if (window?.status !== undefined && !faultAnswers) response = { ...response, status: window.status };
  const stream = produced.kind === 'stream' ? produced.stream : undefined;
  // A streamed body is never held in memory, so it cannot be cut or garbled here.
  if (fault?.kind === 'corrupt' && stream === undefined) response = withBody(response, corruptBody(response.body, fault.corruption, x.random));

  const delayMs = x.live && behavior.latency ? behavior.latency.sample(x.random) : 0;
  const extra = limitHeaders.slice();
  if (x.live && x.plan.server.debugHeaders) {
    extra.push(
      'server-timing',
      serverTiming({ endpoint: endpoint.id, delayMs, latencyLabel: behavior.latency?.label, fault: picked?.label, variant, window: window?.name }),
    );
  }
  const summary: AppliedSummary = { endpointId: endpoint.id, delayMs, fault: picked?.label, faultKind: fault?.kind, variant, window: window?.name };
  const applied = writes === undefined || writes.length === 0 ? summary : { ...summary, stateChanges: writes };
  const delivery = deliveryFor(fault, behavior.bandwidthBytesPerSecond);
  return stream === undefined
    ? { response: withHeaders(response, extra), delivery, delayMs, applied }
    : { response: withHeaders(response, extra), delivery, delayMs, applied, stream };
}

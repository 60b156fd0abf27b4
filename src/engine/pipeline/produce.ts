import { performance } from 'node:perf_hooks';
import { producerFor } from '../respond/producers.js';
import type { Produced } from '../respond/producer.js';
import type { Respond } from './answer.js';
import type { StageInput } from './exchange.js';

/**
 * Stage 2, produce, for an endpoint that keeps no state: the decided responder's producer makes
 * the response, synchronously for the in-memory kinds, asynchronously for those doing I/O.
 * (Endpoints with state go through produce-with-state.ts, which wraps the same producers.)
 */
export function produce(x: StageInput, decision: Respond): Produced | Promise<Produced> {
  const { responder } = decision;
  const producer = producerFor(responder);
  const trace = x.trace;
  if (trace === undefined) return producer.produce(responder, x);
  const startedAt = performance.now();
  if (producer.runs === 'async') {
    return producer.produce(responder, x).then((produced) => {
      trace.rendered(startedAt, responder.type, produced.kind === 'sequence-exhausted' ? undefined : produced.variant);
      return produced;
    });
  }
  const produced = producer.produce(responder, x);
  trace.rendered(startedAt, responder.type, produced.kind === 'sequence-exhausted' ? undefined : produced.variant);
  return produced;
}

import type { Responder } from '../../plan/index.js';
import { crudProducer } from './crud-producer.js';
import { produceResponse } from './produce-response.js';
import type { Producer } from './producer.js';

/** Static, template, variants, sequence and by-state: answered from memory, synchronously. */
const inMemory: Producer = {
  runs: 'in-memory',
  produce: (responder, input) => produceResponse(responder, input.request, input.random, input.state, input.choices),
};

/**
 * The proxy produces nothing here: its answer is the backend's own, written to the socket by the
 * proxy exchange (proxy-response.ts) after the wait. The pipeline turns a proxy decision into a
 * forward answer before produce (pipeline/forward-answer.ts), so reaching this is a bug.
 */
const forwarded: Producer = {
  runs: 'in-memory',
  produce: (responder, input) => {
    throw new Error(
      `internal: the ${responder.type} responder of endpoint "${input.endpointId}" reached produce; proxied requests are forwarded after decide, never produced`,
    );
  },
};

type ProducerTable = { readonly [K in Responder['type']]: Producer<Extract<Responder, { type: K }>> };

/**
 * One producer per responder kind. A new kind (the proxy) is one file exporting its Producer and
 * one line here; the compiler refuses a responder kind without one.
 */
const producers: ProducerTable = {
  static: inMemory,
  template: inMemory,
  variants: inMemory,
  sequence: inMemory,
  'by-state': inMemory,
  crud: crudProducer,
  proxy: forwarded,
};

export function producerFor<R extends Responder>(responder: R): Producer<R> {
  return producers[responder.type as R['type']] as unknown as Producer<R>;
}

import type { Responder } from '../../plan/index.js';
import { crudProducer } from './crud-producer.js';
import { produceResponse } from './produce-response.js';
import type { Producer } from './producer.js';

/** Static, template, variants, sequence and by-state: answered from memory, synchronously. */
const inMemory: Producer = {
  runs: 'in-memory',
  produce: (responder, input) => produceResponse(responder, input.request, input.random, input.state, input.choices),
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
};

export function producerFor<R extends Responder>(responder: R): Producer<R> {
  return producers[responder.type as R['type']] as unknown as Producer<R>;
}

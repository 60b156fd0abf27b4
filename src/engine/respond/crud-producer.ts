import type { Responder } from '../../plan/index.js';
import { crudCollectionPrefix } from '../../state/index.js';
import { handleCrud, recordItemWrites, seedCollectionOnce } from '../crud/index.js';
import type { Producer } from './producer.js';

/** A REST collection in the state store: reads and writes its items, and reports the writes. */
export const crudProducer: Producer<Extract<Responder, { type: 'crud' }>> = {
  runs: 'async',
  async produce(responder, input) {
    const { state, store } = input;
    // The pipeline loads state for every endpoint that uses it, and a crud endpoint always does.
    if (state === undefined || store === undefined) throw new Error('a crud responder ran without the state store');
    const spec = responder.spec;
    const prefix = crudCollectionPrefix(state.scopeRef(spec.scope, input.endpointId), spec.collection);
    // Global collections are seeded at start-up; per-session (client, endpoint) ones on first use.
    if (spec.scope !== 'global') await seedCollectionOnce(spec, store, prefix);
    const recorded = recordItemWrites(store, prefix);
    const response = await handleCrud(spec, input.request, input.request.params['*'] ?? '', recorded.store, prefix);
    return { kind: 'response', response, writes: recorded.written };
  },
};

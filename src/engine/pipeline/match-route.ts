import type { PlanEndpoint, RouteLookup } from '../../plan/index.js';
import type { StateStore } from '../../state/index.js';
import { RequestState } from '../state/index.js';
import type { Exchange } from './exchange.js';

/** Passes of a state-reading lookup before it answers with what it has (rarely more than one). */
const MAX_FILL_PASSES = 4;

/**
 * The route lookup when some endpoint matches on state: predicates read the request's StateView,
 * and a lookup that read keys not loaded yet runs again once they are.
 */
export async function matchWithState(x: Exchange, stateStore: () => Promise<StateStore>): Promise<RouteLookup<PlanEndpoint>> {
  const store = await stateStore();
  const state = new RequestState(x.identity, x.plan.state.sessionTtlMs);
  x.attachState(state, store);
  for (let pass = 0; ; pass++) {
    const found = x.plan.routes.lookup(x.request);
    if (!state.incomplete || pass >= MAX_FILL_PASSES) return found;
    await state.fill(store);
  }
}

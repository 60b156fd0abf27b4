import { performance } from 'node:perf_hooks';
import type { MockRequest, PlanEndpoint } from '../../plan/index.js';
import { currentState } from '../../plan/index.js';
import type { StateStore, StateWrite } from '../../state/index.js';
import { chooseOnce } from '../respond/produce-response.js';
import { templateContext } from '../respond/template-context.js';
import type { Produced } from '../respond/producer.js';
import { producerFor } from '../respond/producers.js';
import { responseOf } from '../respond/response-of.js';
import { newSessionId, RequestState, sessionHeaders } from '../state/index.js';
import type { Respond } from './answer.js';
import type { Exchange } from './exchange.js';
import { withHeaders } from './with-headers.js';

/**
 * Stage 2, produce, for an endpoint that reads or writes state (templates with state helpers,
 * `state:` actions, workflow transitions, `responses:` by state, CRUD): load the keys it names →
 * run its producer over the request's StateView → commit the writes in one batch. The commit is
 * awaited before answering, so a client that got a response finds its writes on its next request
 * (and after a crash).
 *
 * Actions and transitions follow the endpoint's own response only: an injected fault, a rate-limit
 * refusal or a schedule window's replacement response is a simulated failure that changes nothing.
 * Transitions also need a status below 400 (a failed checkout step does not advance the journey);
 * actions apply whatever status the endpoint answers, since it was configured to answer it.
 */
export async function produceWithState(
  x: Exchange,
  endpoint: PlanEndpoint,
  decision: Respond,
  stateStore: () => Promise<StateStore>,
): Promise<{ produced: Produced; writes: readonly StateWrite[] }> {
  const store = await stateStore();
  const state = x.state ?? new RequestState(x.identity, x.plan.state.sessionTtlMs);
  x.attachState(state, store);
  const own = decision.responder === endpoint.responder;
  state.bind(endpoint.state.scope, endpoint.id, { own: endpoint.stateWorkflow, all: x.plan.workflows });
  // A login opens its session before anything is read or written, so its own session writes (the
  // user, an empty cart) land in the new session; any session the client sent is replaced, as a
  // real login rotates the id.
  const session = own ? endpoint.state.actions?.session : undefined;
  const sessionId = session === 'start' ? newSessionId() : '';
  if (session === 'start') x.identified?.startSession(sessionId);
  // One round trip each, issued together so the store can answer both in one commit.
  await Promise.all([
    state.load(
      store,
      endpoint.stateReads.map((ref) => state.keyOf(ref)),
    ),
    own ? state.reserveUpFront(store, endpoint.upFrontIncrements, endpoint.id) : undefined,
  ]);

  const trace = x.trace;
  const startedAt = trace === undefined ? 0 : performance.now();
  // Variants and sequences are chosen once: a pass over the StateView may run again, and must not
  // draw another variant or advance a sequence twice.
  const choice = chooseOnce(decision.responder, x.request, x.random, x.choices);
  const producer = choice.kind === 'chosen' ? producerFor(choice.responder) : undefined;
  // A producer doing I/O (CRUD) runs once, before the passes; its writes are its own.
  const early = choice.kind === 'chosen' && producer?.runs === 'async' ? await producer.produce(choice.responder, x) : undefined;
  const produced = await state.run(store, () => {
    let outcome: Produced;
    if (early !== undefined) outcome = early;
    else if (choice.kind === 'sequence-exhausted') outcome = choice;
    else {
      const inner = (producer as Extract<typeof producer, { runs: 'in-memory' }>).produce(choice.responder, x);
      outcome = inner.kind !== 'sequence-exhausted' && choice.variant !== undefined ? { ...inner, variant: choice.variant } : inner;
    }
    if (own) {
      applyActions(endpoint, x.request, state);
      if (responseOf(outcome, endpoint.id).status < 400) fireTransitions(endpoint, x.request, state);
    }
    return outcome;
  });
  if (trace !== undefined) trace.rendered(startedAt, decision.responder.type, produced.kind === 'sequence-exhausted' ? undefined : produced.variant);
  const committed = await state.commit(store);
  const itemWrites = early?.kind === 'response' ? (early.writes ?? []) : [];
  const writes = itemWrites.length === 0 ? committed : [...itemWrites, ...committed];
  if (session === undefined || produced.kind === 'sequence-exhausted') return { produced, writes };
  return { produced: { ...produced, response: withHeaders(produced.response, sessionHeaders(x.plan.state, session, sessionId)) }, writes };
}

function applyActions(endpoint: PlanEndpoint, request: MockRequest, state: RequestState): void {
  const actions = endpoint.state.actions;
  if (actions === undefined) return;
  const context = actions.set.some((action) => action.render) ? templateContext(request) : undefined;
  for (const action of actions.set) state.set(action.name, action.render ? action.render(context!, state) : action.value, undefined, actions.ttlMs);
  for (const action of actions.inc) state.addIncrement(action.name, action.by);
  for (const name of actions.delete) state.delete(name, undefined);
}

/** In each of the endpoint's workflows with states, the first transition that applies fires. */
function fireTransitions(endpoint: PlanEndpoint, request: MockRequest, state: RequestState): void {
  for (const workflow of endpoint.workflows) {
    const transitions = workflow.machine?.transitionsByEndpoint.get(endpoint.id);
    if (transitions === undefined) continue;
    const ref = { scope: workflow.scope, owner: endpoint.id, entry: 'wf', name: workflow.id } as const;
    const current = currentState(state.read(ref), workflow.machine!.initial, workflow.machine!.states);
    for (const transition of transitions) {
      if (transition.from !== null && !transition.from.has(current)) continue;
      if (transition.when !== undefined && !transition.when.test(request)) continue;
      if (transition.to !== current) state.setKey(state.keyOf(ref), transition.to);
      break;
    }
  }
}

import { performance } from 'node:perf_hooks';
import type { MockRequest, Plan, PlanEndpoint, PreparedResponse } from '../../plan/index.js';
import { currentState } from '../../plan/index.js';
import { crudCollectionPrefix, type StateStore, type StateWrite } from '../../state/index.js';
import { handleCrud, recordItemWrites, seedCollectionOnce } from '../crud/index.js';
import type { IncomingMockRequest } from '../incoming-request.js';
import type { RequestState } from '../state/index.js';
import { decide, finish, responseOf, type Answer, type AnswerContext } from './answer-matched.js';
import { chooseOnce, produceResponse, templateContext, type ResponseOutcome } from './produce-response.js';

/**
 * The pipeline for an endpoint that reads or writes state (templates with state helpers, `state:`
 * actions, workflow transitions, `responses:` by state, CRUD): decide behaviors → load the state it
 * names → produce the response and the writes over the request's StateView → commit them in one
 * batch → shape the answer. The commit is awaited before answering, so a client that got a
 * response finds its writes on its next request (and after a crash).
 *
 * Actions and transitions follow the endpoint's own response only: an injected fault, a rate-limit
 * refusal or a schedule window's replacement response is a simulated failure that changes nothing.
 * Transitions also need a status below 400 (a failed checkout step does not advance the journey);
 * actions apply whatever status the endpoint answers, since it was configured to answer it.
 */
export async function answerStateful(
  plan: Plan,
  endpoint: PlanEndpoint,
  request: IncomingMockRequest,
  context: AnswerContext,
  store: StateStore,
  state: RequestState,
  rest: string,
): Promise<Answer> {
  const decision = decide(plan, endpoint, request, context);
  if (decision.kind === 'answered') return decision.answer;
  const own = decision.responder === endpoint.responder;
  state.bind(endpoint.state.scope, endpoint.id, { own: endpoint.stateWorkflow, all: plan.workflows });
  request.state = state;
  // One round trip each, issued together so the store can answer both in one commit.
  await Promise.all([
    state.load(store, endpoint.stateReads.map((ref) => state.keyOf(ref))),
    own ? state.reserveUpFront(store, endpoint.upFrontIncrements, endpoint.id) : undefined,
  ]);

  const trace = request.trace;
  const startedAt = trace === undefined ? 0 : performance.now();
  let crudResponse: PreparedResponse | undefined;
  let itemWrites: readonly StateWrite[] = [];
  if (decision.responder.type === 'crud') {
    const spec = decision.responder.spec;
    const prefix = crudCollectionPrefix(state.scopeRef(spec.scope, endpoint.id), spec.collection);
    // Global collections are seeded at start-up; per-session (client, endpoint) ones on first use.
    if (spec.scope !== 'global') await seedCollectionOnce(spec, store, prefix);
    const recorded = recordItemWrites(store, prefix);
    crudResponse = await handleCrud(spec, request, rest, recorded.store, prefix);
    itemWrites = recorded.written;
  }

  const choice = crudResponse ? undefined : chooseOnce(decision.responder, plan.random);
  const produced = await state.run(store, () => {
    let outcome: ResponseOutcome;
    if (crudResponse) outcome = { kind: 'response', response: crudResponse };
    else if (choice!.kind === 'sequence-exhausted') outcome = choice!;
    else {
      const inner = produceResponse(choice!.responder, request, plan.random, state);
      outcome = inner.kind === 'response' && choice!.variant !== undefined ? { ...inner, variant: choice!.variant } : inner;
    }
    const response = responseOf(outcome, endpoint.id);
    if (own) {
      applyActions(endpoint, request, state);
      if (response.status < 400) fireTransitions(endpoint, request, state);
    }
    return { response, variant: outcome.kind === 'response' ? outcome.variant : undefined };
  });
  if (trace !== undefined) trace.rendered(startedAt, decision.responder.type, produced.variant);
  const committed = await state.commit(store, plan.state.sessionTtlMs);
  const written = itemWrites.length === 0 ? committed : [...itemWrites, ...committed];
  const answer = finish(plan, endpoint, decision, produced.response, produced.variant);
  return written.length === 0 ? answer : { ...answer, applied: { ...answer.applied!, stateChanges: written } };
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

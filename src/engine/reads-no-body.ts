import type { Plan, PlanEndpoint, Responder } from '../plan/index.js';
import type { IncomingMockRequest } from './incoming-request.js';

/** A prepared response, or a random pick among prepared ones: nothing of the request is read to answer. */
function preparedOnly(responder: Responder): boolean {
  if (responder.type === 'static') return true;
  if (responder.type === 'variants') return responder.choices.every(preparedOnly);
  return false;
}

/** Answering this endpoint reads nothing of the body: no template, check, state, workflow, behavior or backend. */
function answersWithoutBody(endpoint: PlanEndpoint): boolean {
  return (
    preparedOnly(endpoint.responder) &&
    endpoint.requestCheck === undefined &&
    !endpoint.usesState &&
    endpoint.workflows.length === 0 &&
    endpoint.behaviors.passive
  );
}

/**
 * Whether nothing but the journal will ever read this request's body, decided from its head before
 * the body arrives: no endpoint matches on bodies or state (so the route found now is the route),
 * and the request matches an endpoint whose answer is prepared. Of such a body only the first
 * bytes the journal shows (`journal.maxBodySize`, none without a journal) are kept; the rest is
 * counted against maxBodySize and dropped as it arrives: 1,000 clients stalling 1 MiB uploads to a
 * static stub made the server hold up to maxTotalBodySize (256 MiB) of buffers, and that external
 * memory drove a full mark-compact every ~1 s of the attack.
 */
export function readsNoBody(plan: Plan, request: IncomingMockRequest): boolean {
  if (plan.matchesOnBody || plan.matchesOnState) return false;
  const found = plan.routes.lookup(request);
  return found.kind === 'matched' && answersWithoutBody(found.endpoint);
}

import { errorCodes } from '../../errors/index.js';
import type { MockRequest, Plan } from '../../plan/index.js';
import { problemResponse } from './problem-response.js';
import { produceResponse, type ResponseOutcome } from './produce-response.js';

const NEAR_MISS_LIMIT = 3;

/**
 * The answer when no endpoint matched: the configured catch-all, or a 404 problem listing the
 * nearest endpoints and, per endpoint, which part of the request did not match.
 */
export function unmatchedResponse(plan: Plan, request: MockRequest): ResponseOutcome & { readonly nearMisses?: number } {
  if (plan.unmatched.responder) return produceResponse(plan.unmatched.responder, request, plan.random);
  const nearMisses = plan.unmatched.nearMisses ? plan.routes.nearMisses(request, NEAR_MISS_LIMIT) : undefined;
  // A value, not an AppError: nothing is thrown, and capturing a stack per 404 cost ~30 µs each
  // under a 404 flood.
  const error = {
    code: 'ROUTE_NOT_MATCHED',
    status: errorCodes.ROUTE_NOT_MATCHED.status,
    detail: `${request.method} ${request.path} matched no endpoint`,
  } as const;
  return {
    kind: 'response',
    nearMisses: nearMisses?.length ?? 0,
    response: problemResponse(error, {
      request: { method: request.method, path: request.path },
      ...(nearMisses ? { nearMisses } : {}),
    }),
  };
}

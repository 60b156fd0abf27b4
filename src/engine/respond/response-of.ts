import { AppError } from '../../errors/index.js';
import type { PreparedResponse } from '../../plan/index.js';
import { problemResponse } from './problem-response.js';
import type { ResponseOutcome } from './produce-response.js';

/** The response of an outcome; an exhausted sequence (after: 404) answers a marked 404. */
export function responseOf(outcome: ResponseOutcome, endpointId: string): PreparedResponse {
  if (outcome.kind === 'response') return outcome.response;
  const error = new AppError('SEQUENCE_EXHAUSTED', `endpoint "${endpointId}" served every response of its sequence (after: 404)`);
  return problemResponse(error, { endpoint: endpointId });
}

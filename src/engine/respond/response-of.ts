import { AppError } from '../../errors/index.js';
import type { PreparedResponse } from '../../plan/index.js';
import { problemResponse } from './problem-response.js';
import type { Produced } from './producer.js';

/** The response of an outcome (a stream's head); an exhausted sequence (after: 404) answers a marked 404. */
export function responseOf(outcome: Produced, endpointId: string): PreparedResponse {
  if (outcome.kind !== 'sequence-exhausted') return outcome.response;
  const error = new AppError('SEQUENCE_EXHAUSTED', `endpoint "${endpointId}" served every response of its sequence (after: 404)`);
  return problemResponse(error, { endpoint: endpointId });
}

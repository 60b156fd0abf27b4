import { AppError } from '../errors/index.js';
import type { PreparedResponse } from '../plan/index.js';
import type { BodyReadResult } from './read-body.js';
import { problemResponse } from './respond/problem-response.js';

const BUDGET_SPENT = problemResponse(
  new AppError('REQUEST_BODY_BUDGET_SPENT', 'request bodies in progress hold server.maxTotalBodySize already; retry shortly'),
);
let tooLarge: { limitBytes: number; response: PreparedResponse } | undefined;

/**
 * The answer to a refused body, built once (per limit) rather than per refusal: under a flood of
 * refused bodies an AppError each — a captured stack — was ~5% of the server's CPU.
 */
export function bodyRefusal(result: Extract<BodyReadResult, { kind: 'too-large' | 'over-budget' }>): PreparedResponse {
  if (result.kind === 'over-budget') return BUDGET_SPENT;
  if (tooLarge?.limitBytes !== result.limitBytes) {
    const error = new AppError('REQUEST_BODY_TOO_LARGE', `request body exceeds ${result.limitBytes} bytes (server.maxBodySize)`);
    tooLarge = { limitBytes: result.limitBytes, response: problemResponse(error) };
  }
  return tooLarge.response;
}

import { AppError, toProblem } from '../../errors/index.js';
import type { PreparedResponse } from '../../plan/index.js';

/**
 * An engine failure as a response: problem+json plus `x-mimicus-error: CODE`, so users can tell
 * Mimicus's own errors from the mocked ones they configured.
 */
export function problemResponse(error: Pick<AppError, 'code' | 'status' | 'detail'>, extensions: Record<string, unknown> = {}): PreparedResponse {
  const body = JSON.stringify(toProblem(error, extensions));
  return {
    status: error.status,
    headers: ['content-type', 'application/problem+json', 'x-mimicus-error', error.code, 'content-length', String(Buffer.byteLength(body))],
    body,
  };
}

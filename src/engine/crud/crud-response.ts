import { AppError, toProblem, type ErrorCode } from '../../errors/index.js';
import type { PreparedResponse } from '../../plan/index.js';

/** A JSON answer of the simulated API; `headers` are extra name/value pairs, names lower case. */
export function jsonResponse(status: number, value: unknown, headers: readonly string[] = []): PreparedResponse {
  const body = JSON.stringify(value);
  return {
    status,
    headers: ['content-type', 'application/json', ...headers, 'content-length', String(Buffer.byteLength(body))],
    body,
  };
}

export function emptyResponse(status: number, headers: readonly string[] = []): PreparedResponse {
  return { status, headers: [...headers, 'content-length', '0'], body: '' };
}

/**
 * A CRUD refusal (404, 400, 409, 405) as problem+json. It is the simulated API answering, like a
 * rate limit, not a Mimicus failure, so it carries no `x-mimicus-error` header.
 */
export function crudProblem(code: ErrorCode, detail: string, extensions: Record<string, unknown> = {}, headers: readonly string[] = []): PreparedResponse {
  const error = new AppError(code, detail);
  const body = JSON.stringify(toProblem(error, extensions));
  return {
    status: error.status,
    headers: ['content-type', 'application/problem+json', ...headers, 'content-length', String(Buffer.byteLength(body))],
    body,
  };
}

import { errorCodes, type ErrorCode } from './codes.js';

/** An operational failure with a stable code, an HTTP status and the cause that led to it. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    options?: ErrorOptions,
  ) {
    super(detail ? `${code}: ${detail}` : `${code}: ${errorCodes[code].title}`, options);
    this.name = 'AppError';
    this.status = errorCodes[code].status;
  }
}

/** RFC 9457 problem document, the shape every edge answers errors with. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  [extension: string]: unknown;
}

/** `error` may be a plain `{ code, status, detail }`: an expected outcome (a 404) needs no Error and its captured stack. */
export function toProblem(error: Pick<AppError, 'code' | 'status' | 'detail'>, extensions: Record<string, unknown> = {}): ProblemDetails {
  return {
    type: `https://mimicus.dev/errors/${error.code}`,
    title: errorCodes[error.code].title,
    status: error.status,
    code: error.code,
    ...(error.detail ? { detail: error.detail } : {}),
    ...extensions,
  };
}

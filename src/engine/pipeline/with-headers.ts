import type { PreparedResponse } from '../../plan/index.js';

/** The response with `extra` headers appended (flat name/value pairs); the same object when there are none. */
export const withHeaders = (response: PreparedResponse, extra: readonly string[]): PreparedResponse =>
  extra.length === 0 ? response : { ...response, headers: [...response.headers, ...extra] };

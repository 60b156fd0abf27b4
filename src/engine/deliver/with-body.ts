import type { PreparedResponse } from '../../plan/index.js';

/**
 * The response with another body and a content-length that describes it (in bytes), so a client
 * reads exactly the corrupted body instead of waiting for bytes that never come. Other headers keep
 * their order; a response without content-length (none is built that way today) gets one at the end.
 */
export function withBody(response: PreparedResponse, body: string | Buffer): PreparedResponse {
  const length = String(typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length);
  const headers = response.headers.slice();
  let found = false;
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i]?.toLowerCase() === 'content-length') {
      headers[i + 1] = length;
      found = true;
    }
  }
  if (!found) headers.push('content-length', length);
  return { status: response.status, headers, body };
}

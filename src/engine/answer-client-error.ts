import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

const CLIENT_ERROR_RESPONSES: Record<string, { status: string; code: string }> = {
  HPE_HEADER_OVERFLOW: { status: '431 Request Header Fields Too Large', code: 'REQUEST_MALFORMED' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: '408 Request Timeout', code: 'REQUEST_TIMEOUT' },
};
const BAD_REQUEST = { status: '400 Bad Request', code: 'REQUEST_MALFORMED' };

/** node:http keeps the response in progress on its socket; not in its type definitions. */
type HttpSocket = Socket & { _httpMessage?: ServerResponse | null };

/**
 * Whether a short answer may be written on the socket now: no response is in progress, or the one
 * in progress belongs to the very request that failed (a body cut at the timeout) and has written
 * nothing yet. Otherwise the bytes would land inside another request's response (a delayed or
 * dribbled one: `012345HTTP/1.1 400 …`) or be read as its answer.
 */
function mayAnswer(socket: HttpSocket): boolean {
  if (!socket.writable || socket.writableEnded) return false;
  const inProgress = socket._httpMessage;
  if (inProgress === undefined || inProgress === null) return true;
  return !inProgress.headersSent && !inProgress.req.complete;
}

/**
 * The answer to a request node:http could not read (malformed, headers too large, not received in
 * time): a short marked answer when one may be written, then the connection closes. A malformed
 * request must never take the process down.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (mayAnswer(socket)) {
    const { status, code } = CLIENT_ERROR_RESPONSES[error.code ?? ''] ?? BAD_REQUEST;
    socket.end(`HTTP/1.1 ${status}\r\nx-mimicus-error: ${code}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  }
  socket.destroy();
}

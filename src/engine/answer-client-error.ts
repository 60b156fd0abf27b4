import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterOwedResponses } from './owed-responses.js';

const CLIENT_ERROR_RESPONSES: Record<string, { status: string; code: string }> = {
  HPE_HEADER_OVERFLOW: { status: '431 Request Header Fields Too Large', code: 'REQUEST_MALFORMED' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: '408 Request Timeout', code: 'REQUEST_TIMEOUT' },
};
const BAD_REQUEST = { status: '400 Bad Request', code: 'REQUEST_MALFORMED' };

/**
 * How long the short answer may take to reach a client that does not read, once the responses
 * before it are written: then the connection is cut.
 */
const ANSWER_LINGER_MS = 2_000;

const answering = Symbol('mimicus.answeringClientError');

/** node:http keeps the response in progress on its socket; not in its type definitions. */
type HttpSocket = Socket & { _httpMessage?: ServerResponse | null; [answering]?: true };

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

function answerNow(error: NodeJS.ErrnoException, socket: HttpSocket): void {
  if (!mayAnswer(socket)) {
    socket.destroy();
    return;
  }
  const { status, code } = CLIENT_ERROR_RESPONSES[error.code ?? ''] ?? BAD_REQUEST;
  socket.end(`HTTP/1.1 ${status}\r\nx-mimicus-error: ${code}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  if (socket.writableFinished) {
    socket.destroy();
    return;
  }
  // Earlier responses may still sit in the socket's buffer: cut the connection once they and the
  // answer are flushed, not before (destroy() drops what is buffered).
  const cut = setTimeout(() => socket.destroy(), ANSWER_LINGER_MS).unref();
  socket.once('finish', () => socket.destroy());
  socket.once('close', () => clearTimeout(cut));
}

/**
 * The answer to a request node:http could not read (malformed, headers too large, not received in
 * time): a short marked answer, then the connection closes. Responses owed to requests read before
 * it on the same connection (pipelined) are written first, in order, so the answer never takes the
 * place of one of them. A malformed request must never take the process down.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  const http = socket as HttpSocket;
  // node:http may report the same broken connection again (its parser stays in error and is fed
  // again when it resumes the socket after a drain): the first report decides.
  if (http[answering]) return;
  http[answering] = true;
  // Read no more requests; the ones already read are answered first.
  socket.pause();
  afterOwedResponses(socket, () => answerNow(error, http));
}

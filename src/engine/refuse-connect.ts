import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError, toProblem } from '../errors/index.js';
import { afterOwedResponses } from './owed-responses.js';

// Every method but CONNECT: the data plane answers them (or says which endpoint it lacks).
const ALLOW = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE';

/**
 * The answer to CONNECT: node:http hands it over as a raw socket and, with no listener, closed it
 * without a word. The data plane opens no tunnels, so it says so (405 with Allow) and closes.
 */
export function refuseConnect(req: IncomingMessage, socket: Duplex): void {
  // The socket is ours now: node:http removed its own error handling when it handed it over.
  socket.on('error', () => socket.destroy());
  const body = JSON.stringify(toProblem(new AppError('REQUEST_METHOD_UNSUPPORTED', `CONNECT ${req.url ?? ''} is not served: Mimicus opens no tunnels`)));
  // Pipelined behind other requests, the 405 follows their responses (node:http stopped reading
  // when it handed the socket over, but still writes what it owes).
  afterOwedResponses(socket, () => refuse(socket, body));
}

function refuse(socket: Duplex, body: string): void {
  if (socket.destroyed) return;
  socket.end(
    'HTTP/1.1 405 Method Not Allowed\r\n' +
      `allow: ${ALLOW}\r\n` +
      'content-type: application/problem+json\r\n' +
      'x-mimicus-error: REQUEST_METHOD_UNSUPPORTED\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      'connection: close\r\n\r\n' +
      body,
  );
}

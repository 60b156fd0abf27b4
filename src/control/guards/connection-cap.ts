import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { onRequestAsyncHookHandler } from 'fastify';
import { sendProblem } from '../problem.js';

/**
 * Counts the listener's open connections (WebSockets included); a connection opened beyond
 * `maxConnections` has its first request answered 503 and is closed, before any body is read. A
 * clear answer rather than Node's `server.maxConnections`, which drops the socket without a word.
 * A connection that sends nothing is cut by the headers timeout.
 */
export function capConnections(server: Server, maxConnections: number): onRequestAsyncHookHandler {
  let open = 0;
  const beyondCap = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    open += 1;
    if (open > maxConnections) beyondCap.add(socket);
    socket.once('close', () => {
      open -= 1;
    });
  });
  return async (request, reply) => {
    if (!beyondCap.has(request.raw.socket)) return;
    reply.header('connection', 'close');
    return sendProblem(
      reply,
      'ADMIN_BUSY',
      `the admin API already has ${maxConnections} open connections (admin.maxConnections); close idle clients or raise the limit`,
    );
  };
}

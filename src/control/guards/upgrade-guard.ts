import type { onRequestAsyncHookHandler } from 'fastify';
import { sendProblem } from '../problem.js';

/**
 * Refuses (404, no 101) a WebSocket upgrade anywhere but the given paths. @fastify/websocket would
 * complete the handshake on any route (the console's catch-all included) and close it right after;
 * a socket that opens where nothing is served only tells a scanner that something is there.
 * Runs after the plugin's own hook, which marks upgrades (`request.ws`).
 */
export function upgradeGuard(webSocketPaths: readonly string[]): onRequestAsyncHookHandler {
  const paths = new Set(webSocketPaths);
  return async (request, reply) => {
    if (!request.ws || paths.has(request.routeOptions.url ?? '')) return;
    const path = request.url.split('?', 1)[0];
    const where = webSocketPaths.length === 0 ? 'the event stream is turned off' : `WebSockets are served at ${webSocketPaths.join(', ')} only`;
    return sendProblem(reply, 'ADMIN_ROUTE_NOT_FOUND', `no WebSocket at ${path}; ${where}`);
  };
}

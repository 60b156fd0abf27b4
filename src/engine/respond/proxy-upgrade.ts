import { ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Plan, ProxySpec } from '../../plan/index.js';
import { writeProblem, type Forwarder } from '../../upstream/index.js';
import { IncomingMockRequest } from '../incoming-request.js';
import { clientSideOf, forwardPathOf } from './proxy-response.js';

/**
 * WebSocket (Upgrade) requests to proxied paths are tunnelled to a target. node:http hands every
 * Upgrade request to the 'upgrade' listener once there is one, so the listener is there only
 * while the Plan has upstreams, and an Upgrade request to a mocked path is answered as an ordinary
 * request (its connection then closes). Behaviors (rate limits, faults, latency) do not apply to
 * tunnels yet.
 */
export function syncUpgradeListener(
  server: Server,
  plan: Plan,
  forwarder: Forwarder | undefined,
  currentPlan: () => Plan,
  onRequest: (req: IncomingMessage, res: ServerResponse) => void,
): void {
  const wanted = forwarder !== undefined && plan.upstreams.length > 0;
  const listener = (server as Server & { [kListener]?: UpgradeListener })[kListener];
  if (wanted && listener === undefined) {
    const created: UpgradeListener = (req, socket, head) => tunnel(currentPlan(), forwarder, req, socket, head, onRequest);
    (server as Server & { [kListener]?: UpgradeListener })[kListener] = created;
    server.on('upgrade', created);
  } else if (!wanted && listener !== undefined) {
    server.removeListener('upgrade', listener);
    (server as Server & { [kListener]?: UpgradeListener })[kListener] = undefined;
  }
}

type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
const kListener = Symbol('mimicus.upgradeListener');

function proxySpecOf(plan: Plan, request: IncomingMockRequest): ProxySpec | undefined {
  const found = plan.routes.lookup(request);
  if (found.kind === 'unmatched') return plan.unmatched.proxy;
  const responder = found.endpoint.responder;
  if (responder.type !== 'proxy') return undefined;
  request.params = found.params;
  return responder.spec;
}

function tunnel(
  plan: Plan,
  forwarder: Forwarder,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  onRequest: (req: IncomingMessage, res: ServerResponse) => void,
): void {
  socket.on('error', () => socket.destroy());
  const request = new IncomingMockRequest(req);
  const spec = plan.matchesOnState ? undefined : proxySpecOf(plan, request);
  if (spec === undefined) {
    asOrdinaryRequest(req, socket, onRequest);
    return;
  }
  const path = forwardPathOf(spec, request);
  if (typeof path !== 'string') {
    writeProblem(socket, path);
    return;
  }
  const upgrade = req.headers.upgrade ?? 'websocket';
  forwarder.upgrade({ ...clientSideOf(request, req, path), body: null, hashKey: undefined }, upgrade, spec, socket, head);
}

/** Answers an Upgrade request the engine does not tunnel as the request it also is, then closes. */
function asOrdinaryRequest(req: IncomingMessage, socket: Duplex, onRequest: (req: IncomingMessage, res: ServerResponse) => void): void {
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket as Socket);
  res.once('finish', () => {
    res.detachSocket(socket as Socket);
    socket.end();
  });
  onRequest(req, res);
}

import { ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Clock } from '../../clock/index.js';
import type { AppliedSummary, JournalRecorder } from '../../observe/index.js';
import type { Plan, PlanEndpoint, ProxySpec } from '../../plan/index.js';
import { writeProblem, type Forwarder, type TunnelSummary } from '../../upstream/index.js';
import type { RateLimiters } from '../behaviors/index.js';
import { IncomingMockRequest } from '../incoming-request.js';
import type { ScheduleClock } from '../schedule-clock.js';
import { LazyIdentity } from '../state/index.js';
import { clientSideOf, forwardPathOf, hashKeyFor } from './proxy-response.js';
import { decideTunnel, type TunnelPlan } from './proxy-upgrade-decide.js';
import { writeRawResponse } from './proxy-upgrade-answer.js';
import { createTunnelShaper } from './proxy-upgrade-shaper.js';

/** What the tunnels need of the engine: the same clocks, buckets and journal as ordinary requests. */
export interface TunnelDeps {
  readonly forwarder: Forwarder | undefined;
  readonly currentPlan: () => Plan;
  readonly clock: Clock;
  readonly scheduleClock: ScheduleClock;
  readonly limiters: RateLimiters;
  readonly journal: JournalRecorder | undefined;
  /** Answers an Upgrade request to a mocked path as the ordinary request it also is. */
  readonly onRequest: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * WebSocket (Upgrade) requests to proxied paths are tunnelled to a target, with the endpoint's
 * behaviors (proxy-upgrade-decide.ts, proxy-upgrade-shaper.ts) and one journal entry per tunnel.
 * node:http hands every Upgrade request to the 'upgrade' listener once there is one, so the
 * listener is there only while the Plan has upstreams, and an Upgrade request to a mocked path is
 * answered as an ordinary request (its connection then closes).
 */
export function syncUpgradeListener(server: Server, plan: Plan, deps: TunnelDeps): void {
  const wanted = deps.forwarder !== undefined && plan.upstreams.length > 0;
  const holder = server as Server & { [kListener]?: UpgradeListener };
  const listener = holder[kListener];
  if (wanted && listener === undefined) {
    const created: UpgradeListener = (req, socket, head) => tunnel(deps, req, socket, head);
    holder[kListener] = created;
    server.on('upgrade', created);
  } else if (!wanted && listener !== undefined) {
    server.removeListener('upgrade', listener);
    holder[kListener] = undefined;
  }
}

type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
const kListener = Symbol('mimicus.upgradeListener');

/** The proxy an Upgrade request goes to and the endpoint whose behaviors apply (none for `server.unmatched`). */
function routeOf(plan: Plan, request: IncomingMockRequest): { spec: ProxySpec; endpoint: PlanEndpoint | undefined } | undefined {
  const found = plan.routes.lookup(request);
  if (found.kind === 'unmatched') return plan.unmatched.proxy && { spec: plan.unmatched.proxy, endpoint: undefined };
  const responder = found.endpoint.responder;
  if (responder.type !== 'proxy') return undefined;
  request.params = found.params;
  return { spec: responder.spec, endpoint: found.endpoint };
}

function tunnel(deps: TunnelDeps, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const plan = deps.currentPlan();
  const arrivedAt = deps.clock.now();
  socket.on('error', () => socket.destroy());
  const request = new IncomingMockRequest(req);
  const route = plan.matchesOnState ? undefined : routeOf(plan, request);
  if (route === undefined) {
    asOrdinaryRequest(req, socket, deps.onRequest);
    return;
  }
  const identity = new LazyIdentity(request, req.socket.remoteAddress ?? '', plan.state);
  const record = (status: number, applied: AppliedSummary, firstByteMs: number, abandoned: boolean): void => {
    const completeMs = deps.clock.now() - arrivedAt;
    deps.journal?.record({
      arrivedAtMs: deps.clock.toEpochMs(arrivedAt),
      firstByteMs: Math.min(firstByteMs, completeMs),
      completeMs,
      method: request.method,
      url: request.url,
      path: request.path,
      requestHeaders: request.headers,
      requestBody: undefined,
      status,
      responseHeaders: [],
      responseBody: undefined,
      applied,
      abandoned,
      identity,
    });
  };
  const path = forwardPathOf(route.spec, request);
  if (typeof path !== 'string') {
    writeProblem(socket, path);
    record(path.status, { endpointId: route.endpoint?.id, delayMs: 0 }, 0, false);
    return;
  }
  const run = (decided: TunnelPlan): void => {
    const { applied } = decided;
    switch (decided.kind) {
      case 'answer':
        writeRawResponse(socket, decided.response);
        record(decided.response.status, applied, deps.clock.now() - arrivedAt, false);
        return;
      case 'empty':
        socket.destroy();
        record(0, applied, 0, false);
        return;
      case 'hang': {
        const timer = deps.clock.setTimeout(() => socket.destroy(), decided.maxMs);
        socket.once('close', () => {
          deps.clock.clearTimeout(timer);
          record(0, applied, deps.clock.now() - arrivedAt, false);
        });
        return;
      }
      case 'tunnel': {
        const shaper = decided.shape && createTunnelShaper(decided.shape, deps.clock, arrivedAt);
        const releaseAfterMs = decided.shape?.releaseAfterMs ?? 0;
        const dispatch = (): void => {
          if (socket.destroyed) {
            record(0, applied, deps.clock.now() - arrivedAt, true);
            return;
          }
          const dispatchedMs = deps.clock.now() - arrivedAt;
          const settled = (summary: TunnelSummary, error: { status: number } | undefined): void => {
            applied.upstream = summary;
            const firstByteMs = summary.upstreamMs < 0 ? dispatchedMs : Math.max(dispatchedMs + summary.upstreamMs, releaseAfterMs);
            record(error?.status ?? summary.status, applied, firstByteMs, summary.outcome === 'abandoned');
          };
          deps.forwarder!.upgrade(
            { ...clientSideOf(request, req, path), body: null, hashKey: hashKeyFor(plan, route.spec, request, identity) },
            req.headers.upgrade ?? 'websocket',
            route.spec,
            socket,
            head,
            shaper === undefined && deps.journal === undefined ? undefined : { ...(shaper ? { shaper } : {}), settled },
          );
        };
        if (decided.delayMs <= 0) return dispatch();
        // Latency (mode add): the backend is asked once it is waited out; a client that leaves meanwhile is not forwarded.
        const gone = (): void => {
          deps.clock.clearTimeout(timer);
          record(0, applied, deps.clock.now() - arrivedAt, true);
        };
        const timer = deps.clock.setTimeout(() => {
          socket.off('close', gone);
          dispatch();
        }, decided.delayMs);
        socket.once('close', gone);
        return;
      }
    }
  };
  if (route.endpoint === undefined) return run({ kind: 'tunnel', delayMs: 0, shape: undefined, applied: { delayMs: 0 } });
  const decided = decideTunnel(plan, route.endpoint, request, identity, deps.scheduleClock.now(), deps.limiters);
  if (decided instanceof Promise) void decided.then(run, () => socket.destroy());
  else run(decided);
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

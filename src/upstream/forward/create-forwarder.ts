import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Clock } from '../../clock/index.js';
import { AppError } from '../../errors/index.js';
import type { ResilienceReading } from '../../observe/index.js';
import type { ProxySpec } from '../../plan/index.js';
import type { BreakerState } from '../policies/circuit-breaker.js';
import { ResilienceRuntime, type ResilienceRuntimeOptions } from '../policies/resilience-runtime.js';
import { forwardResilient } from '../policies/resilient-forward.js';
import type { UpstreamRegistry } from '../upstream-registry.js';
import { ForwardCall, type ForwardListener, type ForwardSummary } from './forward-call.js';
import type { ForwardRequest } from './forward-request.js';
import { requestHeaders } from './request-headers.js';
import { UpgradeCall, writeProblem, type TunnelHooks } from './upgrade-call.js';

/** The port the engine calls: forwards and writes the answer to `res`, telling `listener` how it went. */
export interface Forwarder {
  forward(request: ForwardRequest, spec: ProxySpec, res: ServerResponse, listener: ForwardListener, context: unknown): void;
  /** Tunnels an Upgrade request (WebSocket): `socket` and `head` as node:http's 'upgrade' event gives them; `hooks` shape and record it. */
  upgrade(request: ForwardRequest, upgrade: string, spec: ProxySpec, socket: Duplex, head: Buffer, hooks?: TunnelHooks): void;
  /** What the resilience policies did (retries, hedges, fallbacks, breaker states), for the metrics. */
  resilience?(): ResilienceReading;
  /** Closes the circuit breakers of upstream `id`'s targets (admin API); undefined when no such upstream runs. */
  resetBreakers?(id: string): number | undefined;
  /** The circuit breaker state of each of upstream `id`'s targets, by url; empty when it has no breaker. */
  breakerStates?(id: string): ReadonlyMap<string, BreakerState>;
}

const NOT_SENT: Omit<ForwardSummary, 'upstream'> = { target: '', status: 0, upstreamMs: -1, outcome: 'failed' };

/** Seed and breaker events of the resilience policies (upstream/policies). */
export type ForwarderOptions = Omit<ResilienceRuntimeOptions, 'clock'>;

export function createForwarder(registry: UpstreamRegistry, clock: Clock, options: ForwarderOptions = { seed: 0 }): Forwarder {
  const resilience = new ResilienceRuntime({ ...options, clock });
  const forwarder: Forwarder = {
    resilience: () => resilience.reading(),
    resetBreakers: (id) => {
      const upstream = registry.get(id);
      return upstream === undefined ? undefined : resilience.resetBreakers(id, upstream.targets);
    },
    breakerStates: (id) => resilience.breakerStates(id, registry.get(id)?.targets ?? []),
    forward(request, spec, res, listener, context) {
      const upstream = registry.get(spec.upstream);
      if (upstream === undefined) {
        listener.failed(
          res,
          new AppError('UPSTREAM_UNAVAILABLE', `upstream "${spec.upstream}" is not running`),
          { upstream: spec.upstream, ...NOT_SENT },
          context,
        );
        return;
      }
      if (spec.resilience !== undefined) {
        forwardResilient({
          runtime: resilience,
          clock,
          upstream,
          request,
          spec,
          resilience: spec.resilience,
          res,
          listener,
          context,
          forwardOnce: forwarder.forward,
        });
        return;
      }
      const target = upstream.pick(request.hashKey);
      const pool = target && upstream.pools.get(target);
      if (target === undefined || pool === undefined) {
        const detail = `upstream "${spec.upstream}": none of its ${upstream.targets.length} targets is in rotation`;
        listener.failed(res, new AppError('UPSTREAM_NO_HEALTHY_TARGET', detail), { upstream: spec.upstream, ...NOT_SENT }, context);
        return;
      }
      if (!upstream.hasRoomFor(target)) {
        const { connections, maxPending } = upstream.spec.pool;
        const detail = `upstream "${spec.upstream}": its ${connections} connections per target are busy and ${maxPending} requests wait already (pool.maxPending)`;
        listener.failed(res, new AppError('UPSTREAM_QUEUE_FULL', detail), { upstream: spec.upstream, ...NOT_SENT, target: target.spec.url }, context);
        return;
      }
      const call = new ForwardCall(res, upstream, target, listener, context, clock, request.shaper);
      // Every option always present (no spread): one object shape for undici's Request to read.
      const timeoutMs = spec.timeoutMs;
      const pools = upstream.spec.pool;
      pool.dispatch(
        {
          path: target.spec.basePath + request.path,
          method: request.method,
          headers: requestHeaders(request, spec, target.spec.host),
          body: request.body,
          headersTimeout: timeoutMs > 0 ? Math.min(timeoutMs, pools.headersTimeoutMs) : undefined,
          bodyTimeout: timeoutMs > 0 ? Math.min(timeoutMs, pools.bodyTimeoutMs) : undefined,
        },
        call,
      );
    },
    upgrade(request, protocol, spec, socket, head, hooks) {
      const upstream = registry.get(spec.upstream);
      const target = upstream?.pick(request.hashKey);
      const pool = target && upstream!.pools.get(target);
      if (upstream === undefined || target === undefined || pool === undefined) {
        const code = upstream === undefined ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_NO_HEALTHY_TARGET';
        const error = new AppError(code, `upstream "${spec.upstream}" has no target in rotation`);
        writeProblem(socket, error);
        hooks?.settled?.({ upstream: spec.upstream, ...NOT_SENT, tunnel: { bytesToClient: 0, bytesToBackend: 0 } }, error);
        return;
      }
      pool.dispatch(
        { path: target.spec.basePath + request.path, method: request.method, headers: requestHeaders(request, spec, target.spec.host), upgrade: protocol },
        new UpgradeCall(socket, head, upstream, target, clock, hooks),
      );
    },
  };
  return forwarder;
}

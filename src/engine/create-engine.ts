import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Clock } from '../clock/index.js';
import type { JournalRecorder, Logger } from '../observe/index.js';
import type { Plan } from '../plan/index.js';
import type { StateStore } from '../state/index.js';
import { createRateLimiters, type RateLimitStore } from './behaviors/index.js';
import { createRequestHandler } from './handle-request.js';
import type { Forwarder } from '../upstream/index.js';
import { syncUpgradeListener, type TunnelDeps } from './respond/proxy-upgrade.js';
import { createScheduleClock, type ScheduleClock } from './schedule-clock.js';
import type { RequestTracer } from './request-tracer.js';
import { answerClientError } from './answer-client-error.js';
import { createBodyBudget } from './body-budget.js';
import { limitConnections } from './limit-connections.js';
import { noteResponse } from './owed-responses.js';
import { refuseConnect } from './refuse-connect.js';
import { createSliceQueue } from './slice-queue.js';

export interface EngineDeps {
  readonly plan: Plan;
  readonly logger: Logger;
  /** Time for latency waits, rate-limit refills and journal times; `app/` hands in the system clock. */
  readonly clock: Clock;
  /** The clock schedules read; by default `clock`'s epoch time, or `server.clock.start` of the first Plan. */
  readonly scheduleClock?: ScheduleClock;
  /** Where rate-limit token buckets live (`app/` picks: in memory today). Kept across Plan swaps. */
  readonly rateLimitStore: RateLimitStore;
  /** The state store (CRUD collections), opened by the caller on first use. */
  readonly stateStore: () => Promise<StateStore>;
  /** Where every request is recorded once answered (or abandoned); absent: nothing is recorded. */
  readonly journal?: JournalRecorder;
  /**
   * How many first bytes of each request body what `journal` records keeps (the request journal's
   * `maxBodySize`; 0 when it is off); absent: all of them when there is a `journal`. Of a body that
   * nothing else reads only these are held (engine/reads-no-body.ts).
   */
  readonly journalBodyBytes?: number;
  /** Told when a client connection opens and closes (the active-connections gauge). */
  readonly connections?: { opened(): void; closed(): void };
  /** Traces sampled requests (observability.tracing); absent: tracing is off. */
  readonly tracer?: RequestTracer;
  /** The upstream port for `proxy` endpoints (the app builds it beside the upstream registry). */
  readonly forwarder?: Forwarder;
}

export interface Engine {
  /** Starts listening; port 0 picks a free port. Resolves with the bound address. */
  listen(port: number, host: string): Promise<{ port: number; host: string }>;
  /** Serves a new Plan from the next request on; requests in flight finish on the old one. */
  swap(plan: Plan): void;
  readonly plan: Plan;
  /** Stops accepting, lets in-flight requests finish within `timeoutMs`, then closes what is left. */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * A quarter of the shortest receive timeout, within 50 ms-1 s: a timeout is enforced within that
 * much of its value. Fixed when the server is created (Node reads it once); a later Plan with
 * shorter timeouts is checked at the first Plan's pace.
 */
const checkingIntervalMs = (plan: Plan): number =>
  Math.min(1000, Math.max(50, Math.floor(Math.min(plan.server.requestTimeoutMs, plan.server.headersTimeoutMs) / 4)));

/** About 5 ms of 408s and closes on a loaded core: matched requests get a turn in between. */
const TIMEOUTS_PER_TURN = 100;

/** The data plane: a bare node:http server running requests through the current Plan. */
export function createEngine(deps: EngineDeps): Engine {
  let plan = deps.plan;
  let draining = false;
  let inFlight = 0;
  let onIdle: (() => void) | undefined;

  // Kept across Plan swaps: a reload neither restarts the schedule clock nor refills buckets.
  const scheduleClock = deps.scheduleClock ?? createScheduleClock(plan.server.clockStartMs, deps.clock);
  const limiters = createRateLimiters(deps.clock, deps.rateLimitStore);
  const handler = createRequestHandler({
    currentPlan: () => plan,
    clock: deps.clock,
    scheduleClock,
    limiters,
    bodyBudget: createBodyBudget(() => plan.server.maxTotalBodyBytes),
    journalBodyBytes: deps.journalBodyBytes ?? (deps.journal !== undefined ? Number.POSITIVE_INFINITY : 0),
    stateStore: deps.stateStore,
    ...(deps.journal ? { journal: deps.journal } : {}),
    ...(deps.tracer ? { tracer: deps.tracer } : {}),
    ...(deps.forwarder ? { forwarder: deps.forwarder } : {}),
    logger: deps.logger,
    isDraining: () => draining,
    // Counted where the answer is written, not with a per-request 'close' listener: no closure
    // and no listener registration on the hot path.
    onSettled: () => {
      inFlight--;
      if (inFlight === 0) onIdle?.();
    },
  });
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    noteResponse(req, res);
    if (limiter.refuse(req, res)) return;
    inFlight++;
    handler(req, res);
  };
  const server: Server = createServer(
    {
      // Receiving only: node:http stops the clock once the request is complete, so latency and
      // hang behaviors (Mimicus's own delays) are never cut by these.
      requestTimeout: plan.server.requestTimeoutMs,
      headersTimeout: plan.server.headersTimeoutMs,
      keepAliveTimeout: plan.server.keepAliveTimeoutMs,
      // How often those two are checked (Node's default, 30 s, would let a 1 s timeout run 31 s).
      connectionsCheckingInterval: checkingIntervalMs(plan),
    },
    onRequest,
  );
  const limiter = limitConnections(server, () => plan.server, deps.connections);
  // Every client connection, those node:http handed over included (CONNECT, upgrades, tunnels):
  // its closeAllConnections() cuts only those it still parses, while server.close() waits for all.
  // A CONNECT answered 405 whose client kept the socket open held close() for good.
  const sockets = new Set<Socket>();
  function forget(this: Socket) {
    sockets.delete(this);
  }
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', forget);
  });
  // A backstop under a connection flood: refused connections linger to read their 503, and past
  // twice the cap node:http closes new ones at once, unanswered, rather than hold them all.
  server.maxConnections = plan.server.maxConnections * 2;
  // node:http times out every connection past headersTimeout/requestTimeout in one timer tick:
  // 10,000 connections opened together expire together, and answering all of them there (a 408
  // and a close each) held the loop ~0.7 s. Timeouts are answered a slice per turn instead.
  const answerInSlices = createSliceQueue(TIMEOUTS_PER_TURN);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    deps.logger.debug({ code: error.code }, 'malformed request');
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') answerInSlices(() => answerClientError(error, socket));
    else answerClientError(error, socket);
  });
  server.on('connect', refuseConnect);
  // WebSocket requests to proxied paths are tunnelled (engine/respond/proxy-upgrade).
  const tunnels: TunnelDeps = {
    forwarder: deps.forwarder,
    currentPlan: () => plan,
    clock: deps.clock,
    scheduleClock,
    limiters,
    journal: deps.journal,
    onRequest,
  };
  syncUpgradeListener(server, plan, tunnels);
  // Decided before the client sends the body: a body over maxBodySize is refused with 413 and no
  // 100 Continue (readBody refuses a declared length over the limit before reading a byte).
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers['content-length']);
    if (!(declared > plan.server.maxBodyBytes)) res.writeContinue();
    onRequest(req, res);
  });

  const waitForIdle = (timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      if (inFlight === 0) return resolve(true);
      // On the engine's clock, as the waits it cuts short are: a test drives shutdown with a ManualClock.
      const timer = deps.clock.setTimeout(() => resolve(false), timeoutMs);
      onIdle = () => {
        deps.clock.clearTimeout(timer);
        resolve(true);
      };
    });

  return {
    get plan() {
      return plan;
    },
    swap(next) {
      plan = next;
      syncUpgradeListener(server, next, tunnels);
      server.keepAliveTimeout = next.server.keepAliveTimeoutMs;
      server.requestTimeout = next.server.requestTimeoutMs;
      server.headersTimeout = next.server.headersTimeoutMs;
      server.maxConnections = next.server.maxConnections * 2;
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        // Node's default backlog, 511, overflows under a connection burst: the kernel then drops
        // SYNs, and a client (matched traffic too) retries only after 1 s, then 3 s. A queue as
        // long as the connection cap holds the burst instead; the kernel caps it at somaxconn.
        server.listen({ port, host, backlog: plan.server.maxConnections }, () => {
          server.removeListener('error', reject);
          const address = server.address();
          resolve(typeof address === 'object' && address ? { port: address.port, host } : { port, host });
        });
      });
    },
    async close(timeoutMs = plan.server.shutdownTimeoutMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = await waitForIdle(timeoutMs);
      if (!drained) deps.logger.warn({ inFlight, timeoutMs }, 'shutdown timeout: closing connections with requests in flight');
      // Every answer is written: its connection closes once the socket flushes (keep-alive is off
      // while draining). Give the flush a moment before cutting what is left: host time, as it is
      // the sockets' own time to flush, not simulated time.
      server.closeIdleConnections();
      const flushed = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1000).unref())]);
      if (!flushed) {
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }
      await closed;
    },
  };
}

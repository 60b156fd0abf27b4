import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock/index.js';
import type { JournalRecorder, Logger } from '../observe/index.js';
import type { Plan } from '../plan/index.js';
import type { StateStore } from '../state/index.js';
import type { RateLimiters } from './behaviors/index.js';
import type { BodyBudget } from './body-budget.js';
import { bodyRefusal } from './body-refusal.js';
import { applyCors } from './cors.js';
import { lingerAfterRefusal } from './linger-after-refusal.js';
import { createPipeline, Exchange, type Pipeline } from './pipeline/index.js';
import { hasBody, readBody, type BodyReadResult } from './read-body.js';
import { readsNoBody } from './reads-no-body.js';
import type { RequestTracer } from './request-tracer.js';
import { streamsToProxy } from './respond/proxy-response.js';
import type { ScheduleClock } from './schedule-clock.js';
import type { Forwarder } from '../upstream/index.js';

export interface RequestHandlerDeps {
  /** The Plan in force; read once per request so a swap never changes a request mid-way. */
  readonly currentPlan: () => Plan;
  readonly logger: Logger;
  /** True while the server drains for shutdown: answers then close their connection. */
  readonly isDraining: () => boolean;
  /** Called once per request when its response has been handed to the socket, or it was abandoned. */
  readonly onSettled: () => void;
  /**
   * Arrival, wait and journal times (monotonic `now()`). Traces keep reading performance.now()
   * themselves (the tracer's time base), which is the same time under the system clock.
   */
  readonly clock: Clock;
  readonly scheduleClock: ScheduleClock;
  readonly limiters: RateLimiters;
  /** The state store, opened on first use (only endpoints that use state need it). */
  readonly stateStore: () => Promise<StateStore>;
  /** Request-body bytes held at once, all requests together (server.maxTotalBodySize). */
  readonly bodyBudget: BodyBudget;
  /** Records every request once its response was handed to the socket, or it was abandoned. */
  readonly journal?: JournalRecorder;
  /**
   * How many first bytes of each request body the journal keeps (its `maxBodySize`; 0 when there is
   * no journal): all that is held of a body nothing else reads.
   */
  readonly journalBodyBytes: number;
  /** Traces sampled requests; absent when tracing is off (one check per request, nothing more). */
  readonly tracer?: RequestTracer;
  /** Forwards proxied requests upstream; absent when nothing here proxies. */
  readonly forwarder?: Forwarder;
}

/** A sampled request's trace ends when its response is done or its connection closes, whatever the path. */
function startTrace(tracer: RequestTracer, x: Exchange): void {
  const trace = tracer.start(x.req, x.arrivedAt);
  if (trace === undefined) return;
  x.trace = trace;
  const { res } = x;
  res.once('close', () => trace.finished(res.headersSent ? res.statusCode : 0, !res.writableFinished));
}

/**
 * A request refused before it is dispatched (its body is too large, or the body budget is spent):
 * the problem is answered at once and the connection closed after it with a lingering close
 * (linger-after-refusal.ts), as the client may still be sending bytes nobody will read.
 */
function answerThenClose(pipeline: Pipeline, x: Exchange, refused: Extract<BodyReadResult, { kind: 'too-large' | 'over-budget' }>): void {
  lingerAfterRefusal(x.req);
  pipeline.answerThenClose(x, bodyRefusal(refused));
}

/**
 * The data plane's entry, from the socket: the Exchange is made at arrival (time, trace), the body
 * read when there is one, then the pipeline runs its stages (engine/pipeline: match → decide →
 * produce → shape → wait → deliver → record). Bugs are caught there, logged with the request, and
 * answered with a marked 500.
 */
export function createRequestHandler(deps: RequestHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const pipeline = createPipeline(deps);
  const { tracer, clock } = deps;

  return (req, res) => {
    const x = new Exchange(req, res, deps.currentPlan(), clock.now());
    if (tracer !== undefined) startTrace(tracer, x);
    const { cors } = x.plan.server;
    if (cors !== undefined) {
      const preflight = applyCors(cors, x);
      if (preflight !== undefined) return pipeline.answerNow(x, preflight);
    }
    // A body bound for a backend streams to it as it arrives: nothing here needs to read it first.
    if (!hasBody(req) || (deps.forwarder !== undefined && streamsToProxy(x.plan, x.request, req))) {
      pipeline.run(x);
      return;
    }
    const keepBytes = readsNoBody(x.plan, x.request) ? deps.journalBodyBytes : Number.POSITIVE_INFINITY;
    void readBody(req, x.plan.server.maxBodyBytes, deps.bodyBudget, keepBytes).then((result) => {
      if (result.kind === 'aborted') {
        pipeline.abandon(x);
        return;
      }
      if (result.kind === 'too-large' || result.kind === 'over-budget') {
        answerThenClose(pipeline, x, result);
        return;
      }
      // The body's bytes stay taken until its response is done (or its client gone).
      const heldBytes = result.body.length;
      if (heldBytes > 0) res.once('close', () => deps.bodyBudget.give(heldBytes));
      x.receivedBody(result.body, result.sizeBytes);
      pipeline.run(x);
    });
  };
}

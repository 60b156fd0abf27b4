import { STATUS_CODES } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Clock } from '../../clock/index.js';
import { AppError } from '../../errors/index.js';
import type { Logger } from '../../observe/index.js';
import { deliver } from '../deliver/index.js';
import type { Forwarder } from '../../upstream/index.js';
import { problemResponse } from '../respond/problem-response.js';
import { createProxyExchange, type ProxyContext } from '../respond/proxy-response.js';
import type { Exchange } from './exchange.js';
import type { Complete } from './record.js';

export interface DeliverDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  /** True while the server drains for shutdown: answers then close their connection. */
  readonly isDraining: () => boolean;
  /** Forwards proxied requests upstream (absent: they are answered UPSTREAM_UNAVAILABLE). */
  readonly forwarder?: Forwarder;
}

/** The proxy's context for one exchange: record completes the exchange itself when the backend's answer is over. */
interface ForwardContext extends ProxyContext {
  readonly x: Exchange;
}

/** Writes an exchange's answer; `closeConnection` ends its keep-alive connection after it. */
export type DeliverAnswer = (x: Exchange, closeConnection: boolean) => void;

/**
 * Stage 5, deliver: the answer goes to the socket whole (the hot path: one write with the head),
 * paced, dribbled, broken (reset, empty, hang) or streamed, then record completes the exchange.
 */
export function createDeliverAnswer(deps: DeliverDeps, complete: Complete): DeliverAnswer {
  const { clock } = deps;
  // The backend writes the response; the proxy exchange calls back once, when it is over, so the
  // exchange is recorded (journal + settle) exactly once, with what the client got.
  const proxyExchange =
    deps.forwarder &&
    createProxyExchange<ForwardContext>(deps.forwarder, clock, {
      done({ x }, response, _summary, abandoned) {
        x.answer = { ...x.answer!, response };
        complete(x, abandoned);
      },
      warn({ x }, error) {
        deps.logger.warn(
          { code: error.code, endpoint: x.answer?.applied?.endpointId, method: x.request.method, path: x.request.path },
          error.detail ?? error.message,
        );
      },
    });

  const deliverAnswer: DeliverAnswer = (x, closeConnection) => {
    const { res } = x;
    const answer = x.answer!;
    if (closeConnection || deps.isDraining()) res.shouldKeepAlive = false;
    if (answer.forward !== undefined) {
      if (proxyExchange === undefined) {
        const error = new AppError('UPSTREAM_UNAVAILABLE', 'this server was started without an upstream forwarder');
        x.answer = { response: problemResponse(error), delivery: { kind: 'whole' }, delayMs: 0, applied: answer.applied };
        deliverAnswer(x, false);
        return;
      }
      const { request, arrivedAt } = x;
      proxyExchange(x.plan, answer.forward, request, x.req, res, {
        x,
        request,
        identity: x.identity,
        arrivedAt,
        applied: answer.applied,
        shape: answer.shape,
        trace: x.trace,
      });
      return;
    }
    try {
      if (answer.stream !== undefined) {
        x.firstByteAt = clock.now();
        res.writeHead(answer.response.status, answer.response.headers as string[]);
        // A client that leaves mid-stream destroys the response, which ends the pipeline (and the source).
        const done = (): void => complete(x, !res.writableFinished);
        pipeline(answer.stream, res).then(done, done);
        return;
      }
      if (answer.delivery.kind === 'whole') {
        res.writeHead(answer.response.status, answer.response.headers as string[]);
        res.end(answer.response.body);
      } else {
        x.firstByteAt = clock.now();
        const delivered = (): void => {
          // Faults that break the connection on purpose are not the client leaving.
          const abandoned = !res.writableFinished && (answer.delivery.kind === 'paced' || answer.delivery.kind === 'dribble');
          complete(x, abandoned);
        };
        void deliver(res, answer.response, answer.delivery, { random: x.plan.random, clock }).then(delivered, delivered);
        return;
      }
    } catch (error) {
      // node:http refuses some header values (a templated header with a newline, say). That must
      // cost one marked 500, never the process: this may run in a timer, outside any handler. It
      // is the config's doing, not a bug of ours: a warning with the reason, no stack.
      const reason = error instanceof Error ? error.message : String(error);
      const { request } = x;
      deps.logger.warn(
        { status: answer.response.status, endpoint: answer.applied?.endpointId, method: request.method, path: request.path, reason },
        'response could not be written',
      );
      if (res.headersSent) {
        res.destroy();
        complete(x, false);
        return;
      }
      const failure = problemResponse(new AppError('INTERNAL', `response could not be written: ${reason}`, { cause: error }));
      // The failed writeHead already set the intended status's phrase ("OK"); this is a 500.
      res.statusMessage = STATUS_CODES[failure.status] ?? '';
      res.writeHead(failure.status, failure.headers as string[]);
      res.end(failure.body);
      x.answer = { ...answer, response: failure, delivery: { kind: 'whole' } };
      complete(x, false);
      return;
    }
    // Outside the try: a journal that throws must not have the answer written (and settled) twice.
    complete(x, false);
  };
  return deliverAnswer;
}

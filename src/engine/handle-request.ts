import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../errors/index.js';
import type { Logger } from '../observe/index.js';
import type { Plan, PreparedResponse } from '../plan/index.js';
import { IncomingMockRequest } from './incoming-request.js';
import { hasBody, readBody } from './read-body.js';
import { problemResponse } from './respond/problem-response.js';
import { produceResponse, type ResponseOutcome } from './respond/produce-response.js';
import { unmatchedResponse } from './respond/unmatched-response.js';

export interface RequestHandlerDeps {
  /** The Plan in force; read once per request so a swap never changes a request mid-way. */
  readonly currentPlan: () => Plan;
  readonly logger: Logger;
  /** True while the server drains for shutdown: answers then close their connection. */
  readonly isDraining: () => boolean;
  /** Called once per request when its response has been handed to the socket, or it was abandoned. */
  readonly onSettled: () => void;
}

function outcomeFor(plan: Plan, request: IncomingMockRequest, logger: Logger): { response: PreparedResponse; endpoint?: string } {
  const found = plan.routes.lookup(request);
  if (found.kind === 'unmatched') return { response: responseOf(unmatchedResponse(plan, request)) };
  const { endpoint } = found;
  // The common case, a static stub, answers its prepared bytes with no further work.
  if (endpoint.responder.type === 'static') return { response: endpoint.responder.response };
  request.params = found.params;
  try {
    const outcome = produceResponse(endpoint.responder, request, plan.random);
    return { response: responseOf(outcome, endpoint.id), endpoint: endpoint.id };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    logger.error({ err: error, endpoint: endpoint.id, method: request.method, url: request.url }, error.message);
    return { response: problemResponse(error, { endpoint: endpoint.id }), endpoint: endpoint.id };
  }
}

function responseOf(outcome: ResponseOutcome, endpointId?: string): PreparedResponse {
  if (outcome.kind === 'response') return outcome.response;
  const error = new AppError('SEQUENCE_EXHAUSTED', `endpoint "${endpointId}" served every response of its sequence (after: 404)`);
  return problemResponse(error, { endpoint: endpointId });
}

/**
 * The data-plane request handler: read the body when there is one, match, respond. Bugs are
 * caught here, logged with the request, and answered with a marked 500 so the server keeps serving.
 */
export function createRequestHandler(deps: RequestHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const write = (res: ServerResponse, response: PreparedResponse, closeConnection: boolean): void => {
    if (closeConnection || deps.isDraining()) res.shouldKeepAlive = false;
    res.writeHead(response.status, response.headers as string[]);
    res.end(response.body);
    deps.onSettled();
  };

  const dispatch = (plan: Plan, request: IncomingMockRequest, res: ServerResponse) => {
    let response: PreparedResponse;
    try {
      response = outcomeFor(plan, request, deps.logger).response;
    } catch (error) {
      deps.logger.error({ err: error, method: request.method, url: request.url }, 'request failed');
      response = problemResponse(new AppError('INTERNAL', 'Mimicus failed while answering this request; see its log', { cause: error }));
    }
    write(res, response, false);
  };

  return (req, res) => {
    const plan = deps.currentPlan();
    const request = new IncomingMockRequest(req);
    if (!hasBody(req)) {
      dispatch(plan, request, res);
      return;
    }
    void readBody(req, plan.server.maxBodyBytes).then((result) => {
      if (result.kind === 'aborted') {
        deps.onSettled();
        return;
      }
      if (result.kind === 'too-large') {
        const error = new AppError('REQUEST_BODY_TOO_LARGE', `request body exceeds ${result.limitBytes} bytes (server.maxBodySize)`);
        write(res, problemResponse(error), true);
        return;
      }
      request.setBody(result.body);
      dispatch(plan, request, res);
    });
  };
}

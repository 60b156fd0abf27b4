import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { AppError } from '../errors/index.js';
import { problemResponse } from './respond/problem-response.js';

/** How long a refused connection may stay to read its 503 before it is cut. */
const REFUSED_LINGER_MS = 2_000;

export interface ConnectionLimits {
  readonly maxConnections: number;
}

export interface ConnectionLimiter {
  /** Answers 503 and returns true when `req` came on a connection over the limit. One compare per request otherwise. */
  refuse(req: IncomingMessage, res: ServerResponse): boolean;
}

const BUSY = (() => {
  const response = problemResponse(new AppError('CONNECTION_LIMIT_REACHED', 'too many open connections (server.maxConnections); retry shortly'));
  return { ...response, headers: [...response.headers, 'retry-after', '1'] };
})();

/**
 * Counts client connections. One over `maxConnections` is still accepted, so that it can be told
 * why (Node's own `server.maxConnections` closes it without a word): its requests are answered 503
 * with Retry-After and it is closed within REFUSED_LINGER_MS. (A connection that sends nothing
 * at all is node:http's: its headersTimeout runs from the connection's start and answers 408.)
 */
export function limitConnections(server: Server, limits: () => ConnectionLimits, gauge: { opened(): void; closed(): void } | undefined): ConnectionLimiter {
  let open = 0;
  let refusing = 0;
  const refused = new WeakSet<Socket>();
  function closed(this: Socket) {
    open--;
    if (refusing > 0 && refused.has(this)) refusing--;
    gauge?.closed();
  }

  // Before node:http's own listener, so a refused socket is marked before any request on it is read.
  server.prependListener('connection', (socket: Socket) => {
    open++;
    gauge?.opened();
    socket.once('close', closed);
    if (open > limits().maxConnections) {
      refused.add(socket);
      refusing++;
      setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
    }
  });

  return {
    refuse(req, res) {
      if (refusing === 0 || !refused.has(req.socket)) return false;
      res.shouldKeepAlive = false;
      res.writeHead(BUSY.status, BUSY.headers as string[]);
      res.end(BUSY.body);
      return true;
    },
  };
}

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { AppError } from '../errors/index.js';
import { problemResponse } from './respond/problem-response.js';

/** How long a refused connection may stay to read its 503 before it is cut. */
const REFUSED_LINGER_MS = 2_000;

export interface ConnectionLimits {
  readonly maxConnections: number;
  readonly headersTimeoutMs: number;
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
 * with Retry-After and it is closed within REFUSED_LINGER_MS. A connection that sends nothing at
 * all is held by no node:http timeout (they start at the first byte), so it is closed once
 * `headersTimeoutMs` passes without one.
 */
export function limitConnections(
  server: Server,
  limits: () => ConnectionLimits,
  gauge: { opened(): void; closed(): void } | undefined,
): ConnectionLimiter {
  let open = 0;
  let refusing = 0;
  const refused = new WeakSet<Socket>();

  // Before node:http's own listener, so a refused socket is marked before any request on it is read.
  server.prependListener('connection', (socket: Socket) => {
    open++;
    gauge?.opened();
    const { maxConnections, headersTimeoutMs } = limits();
    const over = open > maxConnections;
    if (over) {
      refused.add(socket);
      refusing++;
    }
    const cut = setTimeout(
      over ? () => socket.destroy() : () => socket.bytesRead === 0 && socket.destroy(),
      over ? REFUSED_LINGER_MS : headersTimeoutMs,
    );
    socket.once('close', () => {
      open--;
      if (over) refusing--;
      clearTimeout(cut);
      gauge?.closed();
    });
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

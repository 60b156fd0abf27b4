import type { IncomingMessage } from 'node:http';
import type { BodyBudget } from './body-budget.js';

export type BodyReadResult =
  | { kind: 'read'; body: Buffer }
  | { kind: 'too-large'; limitBytes: number }
  /** The bodies in progress already hold the whole budget (server.maxTotalBodySize). */
  | { kind: 'over-budget' }
  | { kind: 'aborted' };

const EMPTY = Buffer.alloc(0);

/** True when the request announces a body (a declared length above 0, or chunked encoding). */
export function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return request.headers['transfer-encoding'] !== undefined;
}

/**
 * Reads the whole request body up to `limitBytes`. A declared content-length over the limit is
 * refused before reading a byte; a chunked body is cut off as soon as it passes the limit. Every
 * byte kept is taken from `budget`: a body that finds it spent is refused the same way. The bytes
 * of a body read whole stay taken (the caller gives them back when the response is done); those of
 * a refused or abandoned one are given back here.
 *
 * With `keep` false (nothing will read the body: reads-no-body.ts) the bytes are counted against
 * `limitBytes` and dropped as they arrive: no buffer outlives its chunk, nothing is taken from the
 * budget, and the body read is empty.
 */
export function readBody(request: IncomingMessage, limitBytes: number, budget: BodyBudget, keep = true): Promise<BodyReadResult> {
  if (!hasBody(request)) return Promise.resolve({ kind: 'read', body: EMPTY });
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.resolve({ kind: 'too-large', limitBytes });

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (result: BodyReadResult) => {
      if (settled) return;
      settled = true;
      request.removeListener('data', onData);
      if (result.kind !== 'read' && keep) budget.give(received);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      if (!keep && received + chunk.length <= limitBytes) {
        received += chunk.length;
        return;
      }
      if (received + chunk.length > limitBytes || !budget.take(chunk.length)) {
        // Stop buffering; the caller answers 413 (or 503) and closes the connection.
        request.pause();
        settle(received + chunk.length > limitBytes ? { kind: 'too-large', limitBytes } : { kind: 'over-budget' });
        return;
      }
      received += chunk.length;
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => settle({ kind: 'read', body: !keep ? EMPTY : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received) }));
    request.once('aborted', () => settle({ kind: 'aborted' }));
    request.once('error', () => settle({ kind: 'aborted' }));
    request.once('close', () => settle({ kind: 'aborted' }));
  });
}

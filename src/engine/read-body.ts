import type { IncomingMessage } from 'node:http';
import type { BodyBudget } from './body-budget.js';

export type BodyReadResult =
  /** `body` holds the first bytes kept (all of them unless a prefix was asked for); `sizeBytes` counts every byte received. */
  | { kind: 'read'; body: Buffer; sizeBytes: number }
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
 * of a body read whole stay taken (the caller gives back `body.length` when the response is done);
 * those of a refused or abandoned one are given back here.
 *
 * With `keepBytes` below `limitBytes` (nothing reads the body but the journal, which shows only its
 * first bytes: reads-no-body.ts) only that prefix is kept, in a buffer of its own; the rest is
 * counted against `limitBytes` and dropped as it arrives. 0 keeps nothing.
 */
export function readBody(request: IncomingMessage, limitBytes: number, budget: BodyBudget, keepBytes = Number.POSITIVE_INFINITY): Promise<BodyReadResult> {
  if (!hasBody(request)) return Promise.resolve({ kind: 'read', body: EMPTY, sizeBytes: 0 });
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.resolve({ kind: 'too-large', limitBytes });
  return keepBytes < limitBytes ? readPrefix(request, limitBytes, budget, keepBytes, declared) : readWhole(request, limitBytes, budget);
}

/** Settles once, with the listeners it was given removed; `onRefused` runs for every outcome but a read body. */
function settleOnce(request: IncomingMessage, resolve: (result: BodyReadResult) => void, onData: (chunk: Buffer) => void, onRefused: () => void) {
  let settled = false;
  return (result: BodyReadResult): void => {
    if (settled) return;
    settled = true;
    request.removeListener('data', onData);
    if (result.kind !== 'read') onRefused();
    resolve(result);
  };
}

function endWith(request: IncomingMessage, settle: (result: BodyReadResult) => void, read: () => BodyReadResult): void {
  request.once('end', () => settle(read()));
  request.once('aborted', () => settle({ kind: 'aborted' }));
  request.once('error', () => settle({ kind: 'aborted' }));
  request.once('close', () => settle({ kind: 'aborted' }));
}

function readWhole(request: IncomingMessage, limitBytes: number, budget: BodyBudget): Promise<BodyReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      if (received + chunk.length > limitBytes || !budget.take(chunk.length)) {
        // Stop buffering; the caller answers 413 (or 503) and closes the connection.
        request.pause();
        settle(received + chunk.length > limitBytes ? { kind: 'too-large', limitBytes } : { kind: 'over-budget' });
        return;
      }
      received += chunk.length;
      chunks.push(chunk);
    };
    const settle = settleOnce(request, resolve, onData, () => budget.give(received));
    request.on('data', onData);
    endWith(request, settle, () => ({ kind: 'read', body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received), sizeBytes: received }));
  });
}

/**
 * Keeps the first `keepBytes` in a buffer of their own, taken from the budget when the first chunk
 * arrives (a chunk is a view into the socket's 64 KiB read buffer: keeping a slice of it would keep
 * all of it), and drops the rest chunk by chunk.
 */
function readPrefix(request: IncomingMessage, limitBytes: number, budget: BodyBudget, keepBytes: number, declared: number): Promise<BodyReadResult> {
  return new Promise((resolve) => {
    let prefix: Buffer | undefined;
    let kept = 0;
    let received = 0;
    const onData = (chunk: Buffer) => {
      if (received + chunk.length > limitBytes) {
        request.pause();
        settle({ kind: 'too-large', limitBytes });
        return;
      }
      received += chunk.length;
      if (keepBytes === 0) return;
      if (prefix === undefined) {
        const size = Math.min(keepBytes, Number.isFinite(declared) ? declared : keepBytes);
        if (!budget.take(size)) {
          request.pause();
          settle({ kind: 'over-budget' });
          return;
        }
        prefix = Buffer.allocUnsafeSlow(size);
      }
      if (kept < prefix.length) kept += chunk.copy(prefix, kept, 0, Math.min(chunk.length, prefix.length - kept));
    };
    const settle = settleOnce(request, resolve, onData, () => budget.give(prefix?.length ?? 0));
    request.on('data', onData);
    endWith(request, settle, () => {
      if (prefix === undefined) return { kind: 'read', body: EMPTY, sizeBytes: received };
      // A chunked body shorter than the prefix's room: what was not filled goes back to the budget.
      if (kept < prefix.length) budget.give(prefix.length - kept);
      return { kind: 'read', body: prefix.subarray(0, kept), sizeBytes: received };
    });
  });
}

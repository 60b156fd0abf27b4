import type { IncomingMessage } from 'node:http';

export type BodyReadResult =
  | { kind: 'read'; body: Buffer }
  | { kind: 'too-large'; limitBytes: number }
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
 * refused before reading a byte; a chunked body is cut off as soon as it passes the limit.
 */
export function readBody(request: IncomingMessage, limitBytes: number): Promise<BodyReadResult> {
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
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) {
        // Stop buffering; the caller answers 413 and closes the connection.
        request.pause();
        settle({ kind: 'too-large', limitBytes });
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => settle({ kind: 'read', body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received) }));
    request.once('aborted', () => settle({ kind: 'aborted' }));
    request.once('error', () => settle({ kind: 'aborted' }));
    request.once('close', () => settle({ kind: 'aborted' }));
  });
}

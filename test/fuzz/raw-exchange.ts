import { connect } from 'node:net';

export interface RawExchangeOptions {
  /** Send FIN after the last chunk (a half-closed socket): the server may still answer. */
  halfClose?: boolean;
  /** Stop waiting when nothing arrived for this long (the server may rightly wait for more bytes). */
  idleMs?: number;
  /** Pause between chunks, so the server sees them as separate reads. */
  gapMs?: number;
  /**
   * True while what has arrived ends inside a response (a paced body, say): the wait then goes on
   * past `idleMs`, up to `incompleteWaitMs` in all. On a loaded machine a bandwidth-shaped body
   * can pause longer than `idleMs` between chunks; cutting it there read as a server defect.
   */
  incomplete?: (data: Buffer) => boolean;
  incompleteWaitMs?: number;
}

/** Writes `chunks` to 127.0.0.1:port and returns every byte the server sent, and whether it closed the connection. */
export function rawExchange(port: number, chunks: readonly Buffer[], options: RawExchangeOptions = {}): Promise<{ data: Buffer; closed: boolean }> {
  const { halfClose = false, idleMs = 400, gapMs = 0, incomplete, incompleteWaitMs = 5_000 } = options;
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const received: Buffer[] = [];
    let idle: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      socket.destroy();
      resolve({ data: Buffer.concat(received), closed });
    };
    let waitedForIncomplete = 0;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        if (incomplete?.(Buffer.concat(received)) && waitedForIncomplete < incompleteWaitMs) {
          waitedForIncomplete += idleMs;
          armIdle();
        } else finish(false);
      }, idleMs);
    };
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      armIdle();
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // a reset after the server refused the input is an answer, not a harness failure
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') finish(true);
      else if (!settled) {
        settled = true;
        reject(error);
      }
    });
    socket.once('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) break;
        socket.write(chunk);
        if (gapMs > 0) await new Promise((wake) => setTimeout(wake, gapMs));
      }
      if (halfClose && !socket.destroyed) socket.end();
      armIdle();
    });
  });
}

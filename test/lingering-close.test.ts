import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../src/index.js';
import { startMimicus } from './support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const UPLOAD = `
version: 2
server: { maxBodySize: 64KiB }
journal: false
endpoints:
  - { id: upload, method: POST, path: /upload, response: { status: 201, body: stored } }
`;

const CHUNK = Buffer.alloc(64 * 1024, 0x61);

interface Upload {
  /** Everything the server sent back. */
  received: string;
  /** Body bytes the client got written before the connection closed. */
  bytesWritten: number;
  /** ms from the first byte of the answer to the connection's end (close or reset). */
  closedAfterAnswerMs: number | undefined;
}

/**
 * Sends `head`, then body chunks as fast as the server takes them, and keeps trying after the
 * answer and after the server's FIN (allowHalfOpen): a client that never stops on its own, so what
 * ends the connection, and when, is the server's doing.
 */
function upload(port: number, head: string, chunked: boolean): Promise<Upload> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    let received = '';
    let answeredAt: number | undefined;
    let endedAt: number | undefined;
    const chunk = chunked ? Buffer.concat([Buffer.from(`${CHUNK.length.toString(16)}\r\n`), CHUNK, Buffer.from('\r\n')]) : CHUNK;
    const pump = () => {
      while (!socket.destroyed && socket.write(chunk));
    };
    socket.on('drain', pump);
    socket.on('connect', () => {
      socket.write(head);
      pump();
    });
    socket.on('data', (data) => {
      answeredAt ??= Date.now();
      received += data.toString('latin1');
    });
    socket.on('error', () => {
      endedAt ??= Date.now();
      socket.destroy();
    });
    socket.on('close', () => {
      endedAt ??= Date.now();
      resolve({
        received,
        bytesWritten: socket.bytesWritten - Buffer.byteLength(head),
        closedAfterAnswerMs: answeredAt === undefined ? undefined : endedAt - answeredAt,
      });
    });
  });
}

describe('lingering close after a refused body', () => {
  // Before it, node:http reset such a connection as soon as the answer was flushed: a client busy
  // sending (curl uploading a chunked body over the limit, 6 tries in 10) got the reset on its next
  // write and reported a send failure, never the 413 that names the limit.
  it('keeps the connection of a client still sending a chunked body over the limit open for the grace period, then closes it', async () => {
    mimicus = await startMimicus(UPLOAD);
    const result = await upload(mimicus.port, 'POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', true);
    expect(result.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.received).toContain('REQUEST_BODY_TOO_LARGE');
    expect(result.received).toContain('server.maxBodySize');
    // LINGER_MS is 1 s: no reset before it (the client can read its answer), a close soon after.
    expect(result.closedAfterAnswerMs).toBeGreaterThanOrEqual(900);
    expect(result.closedAfterAnswerMs).toBeLessThan(2_500);
  });

  it('reads nothing more of a refused body while the connection lingers, and keeps serving', async () => {
    mimicus = await startMimicus(UPLOAD);
    const announced = 1024 * 1024 * 1024;
    const result = await upload(mimicus.port, `POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: ${announced}\r\n\r\n`, false);
    expect(result.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.closedAfterAnswerMs).toBeGreaterThanOrEqual(900);
    // Only what the kernel's buffers hold gets through once the server stops reading (a few MB on
    // loopback); discarding the body for the whole second (node:http's req._dump()) takes hundreds.
    expect(result.bytesWritten).toBeLessThan(32 * 1024 * 1024);
    const ok = await fetch(`${mimicus.url}/upload`, { method: 'POST', body: 'small' });
    expect(ok.status).toBe(201);
  });
});

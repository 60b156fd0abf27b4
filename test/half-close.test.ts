import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mimicus } from '../src/index.js';
import { startMimicus } from './support/start-mimicus.js';

// Found by `npm run fuzz` (http-wire): a client that sends FIN after its request (shutdown(SHUT_WR),
// as `nc -N` does) got a bandwidth-shaped response cut after its headers: node:http ended the
// socket at the client's FIN, and the response's later writes went nowhere.
const SLOW_BODY = 'x'.repeat(3_000);
const config = `
version: 2
journal: false
endpoints:
  - { id: hello, method: GET, path: /hello, response: { status: 200, body: hello } }
  - { id: slow, method: GET, path: /slow, bandwidth: 8KiB/s, response: { status: 200, body: ${SLOW_BODY} } }
`;

let mimicus: Mimicus;
beforeAll(async () => {
  mimicus = await startMimicus(config, { dataDir: false });
});
afterAll(async () => {
  await mimicus?.close();
});

/** Sends `text`, then FIN; resolves with every byte received once the server closes the connection. */
function sendThenHalfClose(text: string): Promise<{ received: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port: mimicus.port, host: '127.0.0.1', allowHalfOpen: true });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve({ received: Buffer.concat(chunks).toString('latin1') }));
    socket.once('connect', () => {
      socket.write(text);
      socket.end();
    });
  });
}

const bodiesOf = (received: string): string[] =>
  received
    .split(/HTTP\/1\.1 \d{3} [^\r]*\r\n/)
    .slice(1)
    .map((response) => response.slice(response.indexOf('\r\n\r\n') + 4));

describe('a client that half-closes after its request', () => {
  it('reads the whole of a response still being written, then the server closes', async () => {
    // Resolving at all is the server closing after the response (keep-alive would hold it 5 s more).
    const { received } = await sendThenHalfClose('GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(bodiesOf(received)).toEqual([SLOW_BODY]);
  });

  it('reads every pipelined response in order before the server closes', async () => {
    const { received } = await sendThenHalfClose('GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(bodiesOf(received)).toEqual([SLOW_BODY, 'hello']);
  });

  it('with nothing owed, the server closes the connection', async () => {
    const { received } = await sendThenHalfClose('');
    expect(received).toBe('');
  });

  it('a body cut short by the FIN is still a malformed request', async () => {
    const { received } = await sendThenHalfClose('POST /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nab');
    expect(received).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(received).toContain('x-mimicus-error: REQUEST_MALFORMED');
  });
});

import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { PreparedResponse } from '../../plan/index.js';

/** Framing headers the raw answer sets itself. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'upgrade', 'keep-alive']);
const LINE_BREAK = /[\r\n]/;

/**
 * An HTTP answer written on the raw socket of an Upgrade request (a tunnel refused by a rate limit
 * or a fault), then the connection closes. node:http does not check what is written here, so a
 * header rendered from the request with a line break in it is dropped rather than sent: no
 * response splitting.
 */
export function writeRawResponse(socket: Duplex, response: PreparedResponse): void {
  if (socket.destroyed || !socket.writable) return;
  const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
  let head = `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}\r\n`;
  const { headers } = response;
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!;
    const value = String(headers[i + 1]);
    if (FRAMING.has(name.toLowerCase()) || LINE_BREAK.test(name) || LINE_BREAK.test(value)) continue;
    head += `${name}: ${value}\r\n`;
  }
  socket.end(Buffer.concat([Buffer.from(`${head}content-length: ${body.length}\r\nconnection: close\r\n\r\n`, 'latin1'), body]));
}

import { attackConfig } from './attack-config.js';
import { untilAborted, type Attack } from './attack.js';
import { openSockets } from './open-sockets.js';

const CONNECTIONS = 40;
const ANNOUNCED_BYTES = 100 * 1024 * 1024;
const chunk = Buffer.alloc(64 * 1024, 0x62);

/** Bodies far over `server.maxBodySize` (default 1 MiB), half with a Content-Length, half chunked: the server must refuse them early and cheaply. */
export const oversizedBodies: Attack = {
  name: 'oversized-bodies',
  description: `${CONNECTIONS} connections stream POST bodies of up to ${ANNOUNCED_BYTES / 1024 / 1024} MiB as fast as the socket takes them (half Content-Length, half chunked)`,
  peers: true,
  config: attackConfig([{ id: 'upload', method: 'POST', path: '/upload', response: { status: 201, body: 'stored' } }]),
  run: async ({ port, signal }) => {
    let bytesSent = 0;
    let refused = 0;
    let index = 0;
    const pool = await openSockets(port, CONNECTIONS, CONNECTIONS, signal, (socket) => {
      const chunked = index++ % 2 === 1;
      socket.on('error', () => {});
      socket.once('data', (data: Buffer) => {
        if (/^HTTP\/1\.1 4\d\d/.test(data.toString('latin1'))) refused += 1;
      });
      socket.write(
        `POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n${chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${ANNOUNCED_BYTES}`}\r\n\r\n`,
      );
      let sent = 0;
      const pump = () => {
        while (!socket.destroyed && !signal.aborted && sent < ANNOUNCED_BYTES) {
          const piece = chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
          sent += chunk.length;
          bytesSent += chunk.length;
          if (!socket.write(piece)) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
    await untilAborted(signal);
    pool.closeAll();
    return `${Math.round(bytesSent / 1024 / 1024)} MiB sent over ${CONNECTIONS} connections; ${refused} answered 4xx`;
  },
};

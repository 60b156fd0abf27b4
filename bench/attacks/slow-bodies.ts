import { attackConfig } from './attack-config.js';
import { untilAborted, type Attack } from './attack.js';
import { openSockets } from './open-sockets.js';

const CONNECTIONS = 1_000;
const BODY_BYTES = 1024 * 1024;
// One shared buffer: the attacker itself must stay small.
const almostAll = Buffer.alloc(BODY_BYTES - 1, 0x61);

/** Issue 13: 1,000 stalled 1 MiB bodies took the server to 1.14 GB, and no timeout below Node's 300 s cut them. */
export const slowBodies: Attack = {
  name: 'slow-bodies',
  description: `${CONNECTIONS.toLocaleString('en')} connections each send a POST announcing ${BODY_BYTES} body bytes, send all but one, and stall`,
  peers: true,
  config: attackConfig([{ id: 'upload', method: 'POST', path: '/upload', response: { status: 201, body: 'stored' } }]),
  run: async ({ port, signal }) => {
    const head = Buffer.from(`POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\nContent-Length: ${BODY_BYTES}\r\n\r\n`);
    const pool = await openSockets(port, CONNECTIONS, 50, signal, (socket) => {
      socket.on('error', () => {});
      socket.write(head);
      socket.write(almostAll);
    });
    const opened = pool.sockets.size;
    await untilAborted(signal);
    const stillOpen = pool.sockets.size;
    pool.closeAll();
    return `${opened} stalled bodies opened (${pool.failed} failed to connect), ${stillOpen} still open at the end`;
  },
};

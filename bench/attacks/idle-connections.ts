import { attackConfig } from './attack-config.js';
import { untilAborted, type Attack } from './attack.js';
import { openSockets } from './open-sockets.js';

const CONNECTIONS = 10_000;

/** Issue 13 asks for RSS and throughput while 10,000 connections are held, and a connection cap with a clear 503. */
export const idleConnections: Attack = {
  name: 'idle-connections',
  description: `${CONNECTIONS.toLocaleString('en')} connections opened and held without sending a byte (needs an fd limit above ${CONNECTIONS + 200} for the bench and the server)`,
  peers: true,
  config: attackConfig(),
  run: async ({ port, signal }) => {
    const pool = await openSockets(port, CONNECTIONS, 200, signal, (socket) => socket.on('error', () => {}));
    const opened = pool.sockets.size;
    await untilAborted(signal);
    const stillOpen = pool.sockets.size;
    pool.closeAll();
    return `${opened} connections opened (${pool.failed} refused or failed), ${stillOpen} still held at the end`;
  },
};

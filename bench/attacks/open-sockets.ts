import { connect, type Socket } from 'node:net';

/**
 * Opens `count` connections to 127.0.0.1:port, at most `concurrency` connecting at once, and calls
 * `use` on each once connected. Stops opening when the signal aborts; `closeAll` destroys them.
 */
export async function openSockets(
  port: number,
  count: number,
  concurrency: number,
  signal: AbortSignal,
  use: (socket: Socket) => void = () => {},
): Promise<{ sockets: Set<Socket>; failed: number; closeAll(): void }> {
  const sockets = new Set<Socket>();
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < count && !signal.aborted) {
      next += 1;
      await new Promise<void>((resolve) => {
        const socket = connect({ port, host: '127.0.0.1' });
        socket.once('connect', () => {
          sockets.add(socket);
          use(socket);
          resolve();
        });
        socket.on('error', () => {
          if (!sockets.has(socket)) {
            failed += 1;
            resolve();
          }
        });
        socket.on('close', () => sockets.delete(socket));
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return {
    sockets,
    failed,
    closeAll: () => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
  };
}

import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The data plane is half-open (create-engine): a client's FIN does not end the connection while
 * answers are owed, so a client that shuts down its sending side (`nc -N`) still reads a shaped
 * mock. A FIN can also mean the client went away, and the two cannot be told apart on the wire.
 * While an answer is being forwarded, Mimicus takes it as gone (as nginx does with
 * `proxy_ignore_client_abort off`): the connection is closed, which cancels the backend request,
 * instead of keeping a backend busy for a reader that may not exist.
 */
const forwarding = Symbol('mimicus.forwardsInFlight');
type CountedSocket = Socket & { [forwarding]?: number };

/** Closes a connection whose client sends FIN while one of its answers is being forwarded. */
export function closeForwardsOnClientFin(server: Server): void {
  server.on('connection', (socket: CountedSocket) => {
    socket.once('end', () => {
      if ((socket[forwarding] ?? 0) > 0) socket.destroy();
    });
  });
}

/** Counts `res` as a forward in flight on its connection until the response closes. */
export function markForwarding(res: ServerResponse): void {
  const socket = res.socket as CountedSocket | null;
  if (socket === null) return;
  if (socket.readableEnded) {
    // The FIN came before this forward started: the client asked and shut its side, and reads.
    return;
  }
  socket[forwarding] = (socket[forwarding] ?? 0) + 1;
  res.once('close', () => {
    socket[forwarding]! -= 1;
  });
}

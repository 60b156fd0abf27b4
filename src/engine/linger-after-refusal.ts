import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/** How long a refused client keeps the connection after its answer: time to read it, then stop sending. */
export const LINGER_MS = 1_000;
/**
 * At most this many refused connections linger at once. Past it — a flood of refused bodies — a
 * connection closes as soon as its answer is flushed, as node:http does by itself. Each lingering
 * connection may still hold one read of its body (~64 KB) outside the body budget until it closes:
 * at 256, the slow-bodies attack's RSS peak rose from ~410 to ~530 MB, over its 500 MB target.
 * The grace period is for a client or two uploading too much, not for a flood.
 */
export const MAX_LINGERING = 32;

let lingering = 0;

/**
 * Prepares a connection whose request body is refused (413, or 503 when the body budget is spent)
 * for a lingering close, like nginx's `lingering_close`. Call it before the answer is written.
 *
 * node:http ends a connection that is not kept alive with `socket.destroySoon()`: FIN and close as
 * soon as the answer is flushed. A client still sending its body then gets a reset, and with it
 * usually loses the answer unread (curl uploading a chunked body over the limit reported only
 * "100 Continue" and exit 55, never the 413 that says which limit). Here the socket instead sends
 * FIN after the answer, reads nothing more (its unread bytes cost no CPU: no discarding, no
 * `req._dump()`), and is destroyed after LINGER_MS.
 */
export function lingerAfterRefusal(req: IncomingMessage): void {
  // Node discards an unread body after the response by reading it to the end (req._dump()), unless
  // the body was read from. read() takes (and drops) what is buffered and marks the body read — read(0)
  // does not when the buffer is already full, as it is when the first packet carried 64 KB of body;
  // the paused request then stops the socket reading once its small buffer fills again.
  req.pause();
  if (!req.readableEnded) req.read();
  if (lingering >= MAX_LINGERING) return;
  const socket = req.socket;
  // destroySoon is node:http's one call to end a connection it does not keep alive (checked for with
  // typeof before it is called): replacing it on this one socket changes nothing else.
  socket.destroySoon = lingerThenDestroy;
}

function lingerThenDestroy(this: Socket): void {
  lingering++;
  const socket = this;
  const done = () => {
    lingering--;
    clearTimeout(cut);
  };
  const cut = setTimeout(() => socket.destroy(), LINGER_MS);
  cut.unref();
  socket.once('close', done);
  socket.end();
}

import { assertNever } from '../../config/index.js';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { PreparedResponse } from '../../plan/index.js';
import { bodyBytes, type Transfer } from './transfer.js';

/** The deliveries that end in a broken connection instead of a response. */
export type BrokenDelivery =
  { readonly kind: 'reset'; readonly afterBytes?: number | undefined } | { readonly kind: 'empty' } | { readonly kind: 'hang'; readonly maxMs: number };

/**
 * Pause between the partial body reaching the kernel and the RST. When data and RST arrive in the
 * same poll, libuv (so every Node client) sees POLLHUP after a short read and reports a clean EOF:
 * the client would see a truncated body, not a reset. A short beat lets it read the data first.
 */
const RESET_AFTER_MS = 10;

/**
 * Ends the exchange the way a broken server or network would. Every variant destroys the socket,
 * so a keep-alive connection is never reused after it.
 * - reset: head and the first half of the body (floor(bytes/2); a fixed cut rather than a random
 *   one, so the fault draws nothing from the Plan's PRNG), then a TCP RST: ECONNRESET mid-response.
 * - empty: the connection closes (FIN) without one response byte: "socket hang up".
 * - hang: nothing is written; after maxMs the connection is closed.
 */
export function breakConnection(res: ServerResponse, response: PreparedResponse, delivery: BrokenDelivery, transfer: Transfer): void {
  const socket = res.socket;
  if (!socket) {
    transfer.settle();
    return;
  }
  switch (delivery.kind) {
    case 'reset': {
      const bytes = bodyBytes(response.body);
      res.writeHead(response.status, response.headers as string[]);
      // One write carries the head and the half body; its callback runs once they are in the kernel
      // (a reset before that would discard them). res.write, not socket.write: a HEAD answer stays bodiless.
      res.write(bytes.subarray(0, delivery.afterBytes ?? Math.floor(bytes.length / 2)), () =>
        transfer.at(transfer.clock.now() + RESET_AFTER_MS, () => resetSocket(socket)),
      );
      return;
    }
    case 'empty':
      socket.destroy();
      return;
    case 'hang':
      transfer.at(transfer.clock.now() + delivery.maxMs, () => socket.destroy());
      return;
    default:
      return assertNever(delivery, 'delivery');
  }
}

function resetSocket(socket: Socket): void {
  // resetAndDestroy (Node >= 16.17 / 18.3) sets SO_LINGER 0 before close; without it a plain
  // destroy at least closes the connection (FIN) so the client still sees a cut response.
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

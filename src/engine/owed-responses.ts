import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

const lastResponse = Symbol('mimicus.lastResponse');
const responseBeforeLast = Symbol('mimicus.responseBeforeLast');

type NotedSocket = Duplex & { [lastResponse]?: ServerResponse; [responseBeforeLast]?: ServerResponse };

/**
 * Notes the response to a request on its connection, so that what is written on the raw socket
 * later (the answer to a malformed request, to CONNECT) can wait for the responses still owed:
 * node:http queues pipelined responses where we cannot see them and writes them in order, so the
 * last one noted is the last one written. Two property writes and one shared 'close' listener:
 * no closure on the hot path.
 *
 * Only open responses are held (pipelined ones): a closed one is owed nothing, and holding it a
 * request or two longer kept every response, its request and its head alive across two
 * young-generation GCs on keep-alive connections whose requests wait (F3, 1,000 connections at
 * 100 ms: ~1.8 KB a request promoted to the old generation against ~0.1 KB before the owed
 * responses were noted).
 */
export function noteResponse(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket as Socket & NotedSocket;
  const last = socket[lastResponse];
  socket[responseBeforeLast] = last === undefined || last.closed ? undefined : last;
  socket[lastResponse] = res;
  res.on('close', forgetClosed);
}

/**
 * A closed response is owed nothing: the socket lets it go at once rather than when the next
 * request on the connection is read, which on a busy server sits unread for a while and kept each
 * finished response (its request, its head) alive beside the next. One shared listener and `on`,
 * not `once`: no closure and no wrapper per request.
 */
function forgetClosed(this: ServerResponse): void {
  const socket = this.req.socket as (Socket & NotedSocket) | null;
  if (socket === null) return;
  if (socket[lastResponse] === this) socket[lastResponse] = undefined;
  if (socket[responseBeforeLast] === this) socket[responseBeforeLast] = undefined;
}

/**
 * The response still owed on the socket that anything written on it must follow, if any. The last
 * request may be the one that failed (its body cut at the timeout): its handler waits for a body
 * that will not come and has written nothing, so the response before it is the one to wait for.
 */
function owedResponse(socket: NotedSocket): ServerResponse | undefined {
  const last = socket[lastResponse];
  const failedOne = last !== undefined && !last.req.complete && !last.headersSent && !last.writableEnded;
  const owed = failedOne ? socket[responseBeforeLast] : last;
  return owed === undefined || owed.closed ? undefined : owed;
}

/**
 * Runs `then` once every response owed to a request read on the socket is written (at once when
 * none is), so that raw bytes written by `then` never land inside a response or in its place.
 */
export function afterOwedResponses(socket: Duplex, then: () => void): void {
  const owed = owedResponse(socket as NotedSocket);
  if (owed === undefined) then();
  // 'close' follows 'finish' (and also comes when the connection is lost): by then every earlier
  // response is written too, since node:http writes them in order.
  else owed.once('close', then);
}

import { assertNever } from '../../config/index.js';
import type { ServerResponse } from 'node:http';
import { systemClock } from '../../clock/index.js';
import type { PreparedResponse } from '../../plan/index.js';
import { breakConnection } from './break-connection.js';
import { sendDribble } from './send-dribble.js';
import { sendPaced } from './send-paced.js';
import { bodyBytes, startTransfer } from './transfer.js';
import type { Delivery, DeliveryDeps } from './types.js';

/** Shared by every call that has nothing to wait for, so the `whole` path allocates no promise. */
const HANDED_OVER: Promise<void> = Promise.resolve();

/**
 * Writes `response` to the client as `delivery` says. Resolves once the last byte was handed to
 * node:http (`end` was called) or the connection is gone; never rejects. A client that leaves
 * mid-way ends a timed delivery at once, with its timer cleared.
 *
 * `deps.clock` times every timed delivery. `deps.random` is part of the contract for deliveries that
 * draw chances; none of today's does (reset cuts at the half so that a fault never shifts the Plan's
 * PRNG sequence).
 */
export function deliver(res: ServerResponse, response: PreparedResponse, delivery: Delivery, deps: DeliveryDeps): Promise<void> {
  if (delivery.kind === 'whole') return writeWhole(res, response);
  if (res.destroyed) return HANDED_OVER;
  switch (delivery.kind) {
    case 'paced':
    case 'dribble': {
      const bytes = bodyBytes(response.body);
      // Nothing to spread over time: a HEAD answer, a 204/304, or an empty body.
      if (bytes.length === 0 || !carriesBody(res, response.status)) return writeWhole(res, response);
      const transfer = startTransfer(res, deps.clock);
      res.writeHead(response.status, response.headers as string[]);
      if (delivery.kind === 'paced') sendPaced(res, bytes, delivery.bytesPerSecond, transfer);
      else sendDribble(res, bytes, delivery.chunks, delivery.overMs, transfer);
      return transfer.done;
    }
    case 'reset':
    case 'empty':
    case 'hang': {
      // A reset's beat gives the client's socket time to read the half body (break-connection.ts):
      // host time, whatever clock the simulation runs on, so a ManualClock never holds a reset back.
      const transfer = startTransfer(res, delivery.kind === 'reset' ? systemClock : deps.clock);
      breakConnection(res, response, delivery, transfer);
      return transfer.done;
    }
    default:
      return assertNever(delivery, 'delivery');
  }
}

/** The hot path, exactly as the engine wrote before deliveries existed: one write with the head. */
function writeWhole(res: ServerResponse, response: PreparedResponse): Promise<void> {
  res.writeHead(response.status, response.headers as string[]);
  res.end(response.body);
  return HANDED_OVER;
}

function carriesBody(res: ServerResponse, status: number): boolean {
  return res.req.method !== 'HEAD' && status !== 204 && status !== 304 && status >= 200;
}

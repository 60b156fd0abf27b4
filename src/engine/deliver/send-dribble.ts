import type { ServerResponse } from 'node:http';
import type { Transfer } from './transfer.js';

/**
 * Sends `body` in `chunks` nearly equal pieces (sizes differ by at most one byte) spread evenly
 * over `overMs`: the head and piece 0 at once, piece i at start + i·overMs/(chunks−1), the last at
 * overMs. Times are computed from the start so timer lateness does not add up; each piece still
 * waits for the previous one to be accepted by the socket. With one chunk (config asks for at least
 * two) the whole body leaves at overMs, so the response still takes overMs. A body shorter than
 * `chunks` has empty pieces: they send nothing but keep the schedule, so the response still ends at overMs.
 */
export function sendDribble(res: ServerResponse, body: Buffer, chunks: number, overMs: number, transfer: Transfer): void {
  const count = Math.max(1, Math.floor(chunks));
  const size = body.length;
  const start = transfer.clock.now();
  const pieceAt = (i: number): Buffer => body.subarray(Math.floor((i * size) / count), Math.floor(((i + 1) * size) / count));
  const timeOf = (i: number): number => start + (count === 1 ? overMs : (i * overMs) / (count - 1));

  const send = (i: number): void => {
    if (i === count - 1) transfer.finish(pieceAt(i));
    else transfer.write(pieceAt(i), () => transfer.at(timeOf(i + 1), () => send(i + 1)));
  };

  res.flushHeaders();
  if (count === 1) transfer.at(timeOf(0), () => send(0));
  else send(0);
}

import type { ServerResponse } from 'node:http';
import type { Transfer } from './transfer.js';

/** A slice carries about this much transfer time: short enough to look like a steady stream, long enough to keep timers few. */
const SLICE_MS = 15;
/**
 * The largest slice. Above ~70 MB/s slices then carry less than SLICE_MS and come more often; at
 * such rates the socket, not the pacing, is the limit anyway, and a bigger write would only sit in
 * the socket buffer.
 */
const MAX_SLICE_BYTES = 1024 * 1024;

/** Bytes per slice for a rate: ~SLICE_MS of transfer, at least 1 byte. */
function sliceBytesFor(bytesPerSecond: number): number {
  return Math.min(MAX_SLICE_BYTES, Math.max(1, Math.round((bytesPerSecond * SLICE_MS) / 1000)));
}

/**
 * Sends `body` at `bytesPerSecond` (the head goes first, at once, and is not counted). Each slice
 * leaves when the link would have finished carrying it: slice k ends at start + bytesSoFar / rate,
 * so the last byte leaves at start + size / rate and the first body bytes one slice after the head,
 * as on a real slow link. Times are computed from the start, so timer lateness does not add up;
 * when a timer or a 'drain' came late, the next write catches up with every byte earned by then
 * (capped at one MAX_SLICE_BYTES).
 */
export function sendPaced(res: ServerResponse, body: Buffer, bytesPerSecond: number, transfer: Transfer): void {
  const sliceBytes = sliceBytesFor(bytesPerSecond);
  const msPerByte = 1000 / bytesPerSecond;
  const size = body.length;
  const start = transfer.clock.now();
  let sent = 0;

  const scheduleNext = (): void => transfer.at(start + (sent + Math.min(sliceBytes, size - sent)) * msPerByte, step);
  const step = (): void => {
    const earned = Math.floor((transfer.clock.now() - start) / msPerByte);
    const length = Math.min(size - sent, Math.max(sliceBytes, Math.min(MAX_SLICE_BYTES, earned - sent)));
    const from = sent;
    sent += length;
    if (sent === size) transfer.finish(body.subarray(from));
    else transfer.write(body.subarray(from, sent), scheduleNext);
  };

  res.flushHeaders();
  scheduleNext();
}

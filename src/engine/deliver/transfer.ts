import type { ServerResponse } from 'node:http';
import type { Clock, TimerId } from '../../clock/index.js';

/**
 * One timed delivery in progress. It owns the pending timer and the listeners, so whichever comes
 * first (the last write, or the client leaving) removes all of them: a delivery never leaves a
 * timer behind, and a write never lands on a closed connection.
 */
export interface Transfer {
  /** Resolves once `finish` ran or the connection closed, whichever is first. Never rejects. */
  readonly done: Promise<void>;
  /** The clock that times this transfer: `at` takes its `now()` readings. */
  readonly clock: Clock;
  /** Runs `step` at `atMs`, a `clock.now()` time (at once when that is past), unless the connection is gone by then. */
  at(atMs: number, step: () => void): void;
  /** Writes `chunk`, then runs `next` once the socket accepted it: at once, or after 'drain' (backpressure). */
  write(chunk: Buffer, next: () => void): void;
  /** Ends the response with its last chunk and settles. */
  finish(last: Buffer): void;
  /** Settles without writing (the caller destroyed the socket, or there is nothing left to do). */
  settle(): void;
}

export function startTransfer(res: ServerResponse, clock: Clock): Transfer {
  let timer: TimerId | undefined;
  let onDrain: (() => void) | undefined;
  let settled = false;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));

  const settle = (): void => {
    if (settled) return;
    settled = true;
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    if (onDrain) res.off('drain', onDrain);
    res.off('close', settle);
    resolve();
  };
  // 'close' fires when the client leaves mid-way (and after a normal finish, by then we are settled).
  res.on('close', settle);
  if (res.destroyed) settle();

  return {
    done,
    clock,
    settle,
    at(atMs, step) {
      if (settled) return;
      // Targets are absolute times computed from the start of the transfer, so a late timer
      // delays one chunk but never the ones after it.
      timer = clock.setTimeout(
        () => {
          timer = undefined;
          if (!settled) step();
        },
        Math.max(0, atMs - clock.now()),
      );
    },
    write(chunk, next) {
      if (settled) return;
      if (chunk.length === 0 || res.write(chunk)) {
        next();
        return;
      }
      onDrain = () => {
        onDrain = undefined;
        if (!settled) next();
      };
      res.once('drain', onDrain);
    },
    finish(last) {
      if (settled) return;
      res.end(last);
      settle();
    },
  };
}

/** The body as bytes: timed deliveries cut at byte offsets, which a string index is not. */
export function bodyBytes(body: string | Buffer): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

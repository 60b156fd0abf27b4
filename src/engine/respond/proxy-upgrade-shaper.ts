import type { Socket } from 'node:net';
import { systemClock, type Clock, type TimerId } from '../../clock/index.js';
import type { ShapedTunnel, TunnelShaper } from '../../upstream/index.js';

/** The behaviors a tunnel gets (proxy-upgrade-decide.ts decides them); each applies to the backend → client bytes. */
export interface TunnelShape {
  /** `latency.mode: total`: the 101 leaves no earlier than this many ms after arrival (0: at once). */
  readonly releaseAfterMs: number;
  /** Each chunk from the backend is held this long more (a fresh sample of the endpoint's latency); undefined: not held. */
  readonly chunkDelayMs: (() => number) | undefined;
  /** Bandwidth: the bytes leave at this rate at most. */
  readonly bytesPerSecond: number | undefined;
  /** Dribble: every chunk leaves in `chunks` equal pieces spread over `overMs`. */
  readonly dribble: { readonly chunks: number; readonly overMs: number } | undefined;
  /** Reset: after this many bytes to the client the TCP connection is reset (undefined: no reset; 0: after the first chunk). */
  readonly resetAfterBytes: number | undefined;
}

/** Bytes held for the client before the backend's read pauses. */
const HIGH_WATER_BYTES = 64 * 1024;
/** A paced stream leaves in slices of about this much transfer time (as the proxy shaper does). */
const SLICE_MS = 15;
/** The beat between the last bytes reaching the kernel and the RST (see break-connection.ts). */
const RESET_AFTER_MS = 10;

export function createTunnelShaper(shape: TunnelShape, clock: Clock, arrivedAt: number): TunnelShaper {
  return new ShapedTunnelStream(shape, clock, arrivedAt);
}

interface Piece {
  readonly bytes: Buffer;
  /** `clock.now()` from which it may leave. */
  readonly at: number;
}

/**
 * Carries a tunnel's backend → client bytes through a time-ordered queue: each chunk gets a
 * release time when it arrives (its latency after the previous one's, never overtaking it), is cut
 * into dribble pieces or bandwidth slices with times of their own, and leaves when its time comes.
 * Bytes keep their order, so WebSocket framing is intact whatever the timing. Past
 * HIGH_WATER_BYTES waiting, the backend's read pauses. The client → backend direction is not
 * shaped: a message reaches the backend at once, and its answer is what the client waits for.
 */
class ShapedTunnelStream implements TunnelShaper {
  readonly #queue: Piece[] = [];
  #queued = 0;
  /** Release time of the last piece queued: the next may not leave before it. */
  #lastAt = 0;
  /** Bandwidth: when the link is free for the next slice. */
  #linkFreeAt = 0;
  #accepted = 0;
  #resetQueued = false;
  #backendClosed = false;
  #paused = false;
  #waitingDrain = false;
  #stopped = false;
  #timer: TimerId | undefined;
  #tunnel: ShapedTunnel | undefined;

  constructor(
    private readonly shape: TunnelShape,
    private readonly clock: Clock,
    private readonly arrivedAt: number,
  ) {}

  opened(open: () => void): void {
    const releaseAt = this.arrivedAt + this.shape.releaseAfterMs;
    const now = this.clock.now();
    if (this.shape.releaseAfterMs <= 0 || now >= releaseAt) return open();
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      if (!this.#stopped) open();
    }, releaseAt - now);
  }

  carry(tunnel: ShapedTunnel): void {
    this.#tunnel = tunnel;
    const now = this.clock.now();
    this.#lastAt = now;
    this.#linkFreeAt = now;
    tunnel.backend.on('data', (chunk: Buffer) => this.#accept(chunk));
    tunnel.backend.once('close', () => {
      this.#backendClosed = true;
      this.#pump();
    });
    tunnel.client.on('drain', () => {
      this.#waitingDrain = false;
      this.#pump();
    });
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #accept(chunk: Buffer): void {
    if (this.#stopped || this.#resetQueued) return;
    const { shape } = this;
    let bytes = chunk;
    const limit = shape.resetAfterBytes === undefined ? undefined : shape.resetAfterBytes === 0 ? this.#accepted + chunk.length : shape.resetAfterBytes;
    if (limit !== undefined && this.#accepted + bytes.length >= limit) {
      bytes = bytes.subarray(0, limit - this.#accepted);
      this.#resetQueued = true;
    }
    this.#accepted += bytes.length;
    const now = this.clock.now();
    const base = Math.max(this.#lastAt, now + (shape.chunkDelayMs?.() ?? 0));
    if (shape.dribble !== undefined && bytes.length > 1) {
      const count = Math.max(1, Math.min(bytes.length, Math.floor(shape.dribble.chunks)));
      const step = count === 1 ? 0 : shape.dribble.overMs / (count - 1);
      for (let k = 0; k < count; k++) {
        const from = Math.floor((k * bytes.length) / count);
        const to = Math.floor(((k + 1) * bytes.length) / count);
        this.#push(bytes.subarray(from, to), base + (count === 1 ? shape.dribble.overMs : k * step));
      }
    } else if (shape.bytesPerSecond !== undefined) {
      const slice = Math.max(1, Math.floor((shape.bytesPerSecond * SLICE_MS) / 1000));
      for (let from = 0; from < bytes.length; from += slice) {
        const piece = bytes.subarray(from, from + slice);
        const at = Math.max(base, this.#linkFreeAt);
        this.#linkFreeAt = at + (piece.length * 1000) / shape.bytesPerSecond;
        this.#push(piece, at);
      }
    } else if (bytes.length > 0) this.#push(bytes, base);
    if (this.#queued >= HIGH_WATER_BYTES && !this.#paused) {
      this.#paused = true;
      this.#tunnel!.backend.pause();
    }
    this.#pump();
  }

  #push(bytes: Buffer, at: number): void {
    this.#queue.push({ bytes, at });
    this.#queued += bytes.length;
    this.#lastAt = at;
  }

  /** Sends every piece whose time has come; then waits for the next one's time, 'drain', or the reset. */
  #pump(): void {
    if (this.#stopped || this.#waitingDrain || this.#timer !== undefined) return;
    const tunnel = this.#tunnel!;
    const now = this.clock.now();
    while (this.#queue.length > 0 && this.#queue[0]!.at <= now) {
      const piece = this.#queue.shift()!;
      this.#queued -= piece.bytes.length;
      tunnel.sent(piece.bytes.length);
      if (!tunnel.client.write(piece.bytes)) {
        this.#waitingDrain = true;
        break;
      }
    }
    if (this.#paused && this.#queued < HIGH_WATER_BYTES / 2) {
      this.#paused = false;
      tunnel.backend.resume();
    }
    if (this.#queue.length === 0) {
      if (this.#resetQueued) this.#reset(tunnel);
      // The backend closed: the client's side closes once what was held for it is out.
      else if (this.#backendClosed) tunnel.client.end();
      return;
    }
    if (this.#waitingDrain) return;
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      this.#pump();
    }, this.#queue[0]!.at - now);
  }

  /** Once the bytes sent are in the kernel, a beat, then a TCP RST to the client; the backend side is closed. */
  #reset(tunnel: ShapedTunnel): void {
    this.#stopped = true;
    tunnel.broke();
    tunnel.client.write(Buffer.alloc(0), () => {
      // Host time, as for mocks: a ManualClock must not hold a reset back.
      systemClock.setTimeout(() => {
        const socket = tunnel.client as Socket;
        if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
        else socket.destroy();
      }, RESET_AFTER_MS);
    });
  }
}

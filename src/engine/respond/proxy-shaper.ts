import type { Socket } from 'node:net';
import { systemClock, type Clock, type TimerId } from '../../clock/index.js';
import type { Random } from '../../distributions/index.js';
import type { Corruption } from '../../plan/index.js';
import type { AnswerShaper, ShapedCall } from '../../upstream/index.js';
import { corruptBody, type Delivery } from '../deliver/index.js';

/** The behaviors a proxied answer gets on its way to the client (forward-answer.ts decides them). */
export interface ForwardShape {
  /** `latency.mode: total`: the head leaves no earlier than this many ms after arrival (0: at once). */
  readonly releaseAfterMs: number;
  readonly corruption: Corruption | undefined;
  /** How the body travels: whole, paced (bandwidth), dribble, or reset after some bytes. */
  readonly delivery: Delivery;
}

export interface ShaperDeps {
  readonly clock: Clock;
  readonly random: Random;
  /** `clock.now()` at the request's arrival: `releaseAfterMs` counts from here. */
  readonly arrivedAt: number;
  /** A body held whole (corrupt, or dribble without a length) beyond this is sent as it is. */
  readonly maxBodyBytes: number;
  /** Told when a body was too large to hold and went out unshaped. */
  readonly onOversize: () => void;
}

/** Bytes held for the client before the backend's read pauses (backpressure with a small buffer). */
const HIGH_WATER_BYTES = 64 * 1024;
/** A paced body leaves in slices of about this much transfer time (as send-paced.ts does for mocks). */
const SLICE_MS = 15;
/** The beat between the last bytes reaching the kernel and the RST (see break-connection.ts). */
const RESET_AFTER_MS = 10;
const EMPTY = Buffer.alloc(0);

export function createAnswerShaper(shape: ForwardShape, deps: ShaperDeps): AnswerShaper {
  return new ShapedAnswer(shape, deps);
}

/**
 * Shapes the backend's answer as it streams. The head is held until the release time (total
 * latency). The body goes through a gate that allows so many bytes by now: all of them (whole),
 * `rate × elapsed` (bandwidth), piece k of `chunks` at k·over/(chunks−1) (dribble, which needs the
 * length: without a content-length the body is held whole first), or `afterBytes` and then a TCP
 * reset (reset; default half the stated length, else the first chunk). A corrupt fault holds the
 * body whole (within server.maxBodySize), corrupts it and sends it with its new length. At most
 * HIGH_WATER_BYTES wait in memory otherwise: beyond that the backend's read pauses.
 */
class ShapedAnswer implements AnswerShaper {
  #call: ShapedCall | undefined;
  #status = 0;
  #headers: string[] = [];
  #hasLength = false;
  #headWritten = false;
  #startedAt = 0;
  #bodyLength: number | undefined;
  #resetAt: number | undefined;
  #delivery: Delivery;
  #holdWhole = false;
  readonly #queue: Buffer[] = [];
  #queued = 0;
  #sent = 0;
  #ended = false;
  #paused = false;
  #waitingDrain = false;
  #stopped = false;
  #resetting = false;
  #timer: TimerId | undefined;
  readonly #onDrain = (): void => {
    this.#waitingDrain = false;
    this.#pump();
  };

  constructor(
    private readonly shape: ForwardShape,
    private readonly deps: ShaperDeps,
  ) {
    this.#delivery = shape.delivery;
  }

  head(call: ShapedCall, status: number, headers: string[], hasLength: boolean): boolean {
    this.#call = call;
    this.#status = status;
    this.#headers = headers;
    this.#hasLength = hasLength;
    const bodyless = call.res.req.method === 'HEAD' || status === 204 || status === 304;
    if (hasLength && !bodyless) this.#bodyLength = lengthOf(headers);
    if (bodyless) this.#bodyLength = 0;
    this.#holdWhole = !bodyless && (this.shape.corruption !== undefined || (this.#delivery.kind === 'dribble' && this.#bodyLength === undefined));
    if (this.#delivery.kind === 'reset') this.#resetAt = this.#delivery.afterBytes ?? half(this.#bodyLength);
    if (!this.#holdWhole) this.#releaseHead();
    return true;
  }

  data(_call: ShapedCall, chunk: Buffer): boolean {
    if (this.#stopped) return false;
    this.#queue.push(chunk);
    this.#queued += chunk.length;
    // Reset without a stated length: the first chunk goes, then the connection breaks.
    if (this.#delivery.kind === 'reset' && this.#resetAt === undefined) this.#resetAt = chunk.length;
    if (this.#holdWhole) {
      if (this.#queued <= this.deps.maxBodyBytes) return true;
      // Too large to hold: sent as it comes, unshaped by the fault that needed it whole.
      this.#holdWhole = false;
      if (this.#delivery.kind === 'dribble') this.#delivery = { kind: 'whole' };
      this.deps.onOversize();
      this.#releaseHead();
    }
    this.#pump();
    if (this.#queued < HIGH_WATER_BYTES) return true;
    this.#paused = true;
    return false;
  }

  end(): void {
    this.#ended = true;
    if (this.#holdWhole) {
      this.#holdWhole = false;
      let body: Buffer = this.#queue.length === 1 ? this.#queue[0]! : Buffer.concat(this.#queue);
      if (this.shape.corruption !== undefined) {
        const corrupted = corruptBody(body, this.shape.corruption, this.deps.random);
        body = typeof corrupted === 'string' ? Buffer.from(corrupted, 'utf8') : corrupted;
        this.#headers = withLength(this.#headers, body.length);
        this.#hasLength = true;
      }
      this.#queue.length = 0;
      this.#queue.push(body);
      this.#queued = body.length;
      this.#bodyLength = body.length;
      this.#releaseHead();
      return;
    }
    this.#pump();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.deps.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#waitingDrain) this.#call?.res.off('drain', this.#onDrain);
  }

  /** Writes the head at the release time (at once when that has passed), then starts the body. */
  #releaseHead(): void {
    const { clock } = this.deps;
    const releaseAt = this.deps.arrivedAt + this.shape.releaseAfterMs;
    if (this.shape.releaseAfterMs > 0 && clock.now() < releaseAt) {
      this.#timer = clock.setTimeout(() => {
        this.#timer = undefined;
        if (!this.#stopped) this.#releaseHead();
      }, releaseAt - clock.now());
      return;
    }
    const call = this.#call!;
    if (!call.writeHead(this.#status, this.#headers)) return;
    this.#headWritten = true;
    this.#startedAt = clock.now();
    // A timed body shows its head at once (as for mocks); so does a streamed one (SSE, chunked).
    if ((this.#delivery.kind !== 'whole' || !this.#hasLength) && this.#bodyLength !== 0) call.res.flushHeaders();
    this.#pump();
  }

  /** Body bytes the delivery allows to have left by `now`, and when that grows next (Infinity: never). */
  #allowance(now: number): { bytes: number; nextAt: number } {
    const elapsed = now - this.#startedAt;
    const delivery = this.#delivery;
    switch (delivery.kind) {
      case 'paced':
        return { bytes: Math.floor((elapsed * delivery.bytesPerSecond) / 1000), nextAt: now + SLICE_MS };
      case 'dribble': {
        const length = this.#bodyLength ?? 0;
        const count = Math.max(1, Math.floor(delivery.chunks));
        if (count === 1) return elapsed >= delivery.overMs ? { bytes: length, nextAt: Infinity } : { bytes: 0, nextAt: this.#startedAt + delivery.overMs };
        const step = delivery.overMs / (count - 1);
        const piece = Math.min(count - 1, Math.floor(elapsed / step));
        return { bytes: Math.floor(((piece + 1) * length) / count), nextAt: piece === count - 1 ? Infinity : this.#startedAt + (piece + 1) * step };
      }
      case 'reset':
        return { bytes: this.#resetAt ?? Infinity, nextAt: Infinity };
      default:
        return { bytes: Infinity, nextAt: Infinity };
    }
  }

  /** Sends what the delivery allows now; then ends, resets, or waits for time, 'drain' or more data. */
  #pump(): void {
    if (this.#stopped || !this.#headWritten || this.#waitingDrain || this.#resetting || this.#timer !== undefined) return;
    const call = this.#call!;
    const res = call.res;
    const { clock } = this.deps;
    const allowance = this.#allowance(clock.now());
    let budget = allowance.bytes - this.#sent;
    while (this.#queue.length > 0 && budget > 0) {
      const chunk = this.#queue[0]!;
      const n = Math.min(chunk.length, budget);
      let piece: Buffer;
      if (n === chunk.length) piece = this.#queue.shift()!;
      else {
        piece = chunk.subarray(0, n);
        this.#queue[0] = chunk.subarray(n);
      }
      this.#queued -= n;
      this.#sent += n;
      budget -= n;
      if (!res.write(piece)) {
        this.#waitingDrain = true;
        res.once('drain', this.#onDrain);
        break;
      }
    }
    if (this.#paused && this.#queued < HIGH_WATER_BYTES / 2) {
      this.#paused = false;
      call.resume();
    }
    if (this.#resetAt !== undefined && this.#delivery.kind === 'reset' && (this.#sent >= this.#resetAt || (this.#ended && this.#queued === 0))) {
      this.#reset(call);
      return;
    }
    if (this.#ended && this.#queued === 0) {
      res.end();
      call.delivered();
      return;
    }
    if (this.#queued > 0 && !this.#waitingDrain && budget <= 0 && allowance.nextAt !== Infinity) {
      this.#timer = clock.setTimeout(
        () => {
          this.#timer = undefined;
          this.#pump();
        },
        Math.max(0, allowance.nextAt - clock.now()),
      );
    }
  }

  /** Once the bytes sent are in the kernel, a beat, then a TCP RST: the client sees ECONNRESET mid-body. */
  #reset(call: ShapedCall): void {
    this.#resetting = true;
    const socket = call.res.socket;
    call.res.write(EMPTY, () => {
      // Host time, as for mocks: a ManualClock must not hold a reset back.
      systemClock.setTimeout(() => {
        if (socket !== null) resetSocket(socket);
        call.broke();
      }, RESET_AFTER_MS);
    });
  }
}

function half(length: number | undefined): number | undefined {
  return length === undefined ? undefined : Math.floor(length / 2);
}

function lengthOf(headers: readonly string[]): number | undefined {
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i]!.length === 14 && headers[i]!.toLowerCase() === 'content-length') {
      const value = Number(headers[i + 1]);
      return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
    }
  }
  return undefined;
}

function withLength(headers: readonly string[], length: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < headers.length; i += 2) if (headers[i]!.toLowerCase() !== 'content-length') out.push(headers[i]!, headers[i + 1]!);
  out.push('content-length', String(length));
  return out;
}

function resetSocket(socket: Socket): void {
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

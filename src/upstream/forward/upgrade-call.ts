import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { Clock } from '../../clock/index.js';
import { toProblem, type AppError } from '../../errors/index.js';
import type { RuntimeUpstream } from '../runtime-upstream.js';
import type { TargetState } from '../target-state.js';
import type { ForwardSummary } from './forward-call.js';
import { isHopByHop } from './hop-by-hop.js';
import { upstreamError } from './upstream-error.js';

/** How a tunnel went, for the journal and metrics: the forward summary plus the bytes each way. */
export interface TunnelSummary extends ForwardSummary {
  readonly tunnel: { readonly bytesToClient: number; readonly bytesToBackend: number };
}

/** What a tunnel shaper may do with the tunnel it shapes (the UpgradeCall implements it). */
export interface ShapedTunnel {
  readonly client: Duplex;
  readonly backend: Duplex;
  /** `n` bytes of the backend's went to the client. */
  sent(n: number): void;
  /** The shaper cut the tunnel on purpose (a reset fault). */
  broke(): void;
}

/**
 * The engine's behaviors on a tunnel (engine/respond/proxy-upgrade-shaper.ts): it may hold the
 * backend's 101 (total latency) and carries the backend's bytes to the client in place of a pipe.
 */
export interface TunnelShaper {
  /** The backend accepted the upgrade: call `open` (it writes the 101 and starts the tunnel) now or later. */
  opened(open: () => void): void;
  /** Carries the backend's bytes to the client, telling `tunnel.sent` what left. */
  carry(tunnel: ShapedTunnel): void;
  stop(): void;
}

/** The engine's hooks on one tunnel; each optional. */
export interface TunnelHooks {
  readonly shaper?: TunnelShaper;
  /** Told once when the tunnel is over; `error` is the coded problem answered when it never opened. */
  settled?(summary: TunnelSummary, error: AppError | undefined): void;
}

/**
 * A WebSocket (or other Upgrade) request tunnelled to a target: the backend's 101 and its headers
 * go to the client as they are, then bytes are piped both ways until either side closes. A backend
 * that refuses the upgrade has its answer relayed (close-delimited); one that cannot be reached
 * gets the coded problem, as an ordinary request would.
 */
export class UpgradeCall implements Dispatcher.DispatchHandler, ShapedTunnel {
  #done = false;
  #upgraded = false;
  #abort: ((reason?: Error) => void) | undefined;
  #status = 0;
  #upstreamMs = -1;
  #toClient = 0;
  #toBackend = 0;
  #broken = false;
  /** Cut on purpose by the shaper (a reset fault): the client is reset by it, not closed here. */
  #cut = false;
  #backend: Duplex | undefined;
  readonly #startedAt: number;

  constructor(
    readonly client: Duplex,
    readonly clientHead: Buffer,
    readonly upstream: RuntimeUpstream,
    readonly target: TargetState,
    private readonly clock: Clock,
    private readonly hooks: TunnelHooks | undefined,
  ) {
    this.#startedAt = clock.now();
    target.inflight++;
    target.requests++;
    client.on('error', () => {
      this.#broken = true;
      client.destroy();
    });
    client.once('close', () => {
      if (!this.#done && !this.#upgraded) this.#abort?.(new Error('client went away'));
      this.#finish(this.#broken ? 'reset' : this.#upgraded || this.#status > 0 ? 'complete' : 'abandoned', undefined);
    });
  }

  get backend(): Duplex {
    return this.#backend!;
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.#abort = abort;
    if (this.client.destroyed) abort(new Error('client went away'));
  }

  onUpgrade(statusCode: number, rawHeaders: Buffer[] | string[] | null, socket: Duplex): void {
    this.upstream.record(this.target, 'success');
    this.#status = statusCode;
    this.#upstreamMs = this.clock.now() - this.#startedAt;
    this.#backend = socket;
    let head = `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? ''}\r\n`;
    const raw = rawHeaders ?? [];
    for (let i = 0; i < raw.length; i += 2) head += `${String(raw[i])}: ${String(raw[i + 1])}\r\n`;
    const client = this.client;
    socket.on('error', () => {
      this.#broken = true;
      if (!this.#cut) client.destroy();
    });
    // A shaper still holding bytes ends the client itself once they are out; a cut tunnel is reset by it.
    socket.once('close', () => (this.#cut || (this.#upgraded && this.hooks?.shaper !== undefined) ? undefined : client.destroy()));
    client.once('close', () => socket.destroy());
    const open = (): void => {
      if (client.destroyed) return;
      this.#upgraded = true;
      client.write(`${head}\r\n`);
      if (this.clientHead.length > 0) {
        this.#toBackend += this.clientHead.length;
        socket.write(this.clientHead);
      }
      client.on('data', (chunk: Buffer) => (this.#toBackend += chunk.length));
      client.pipe(socket);
      const shaper = this.hooks?.shaper;
      if (shaper !== undefined) shaper.carry(this);
      else {
        socket.on('data', (chunk: Buffer) => (this.#toClient += chunk.length));
        socket.pipe(client);
      }
    };
    if (this.hooks?.shaper !== undefined) this.hooks.shaper.opened(open);
    else open();
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    if (statusCode < 200) return true;
    this.upstream.record(this.target, statusCode >= 500 ? 'server-error' : 'success');
    this.#status = statusCode;
    this.#upstreamMs = this.clock.now() - this.#startedAt;
    let head = `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? ''}\r\n`;
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!.toString('latin1');
      const lower = name.toLowerCase();
      if (isHopByHop(lower) || lower === 'content-length') continue;
      head += `${name}: ${rawHeaders[i + 1]!.toString('latin1')}\r\n`;
    }
    // The body's own framing is gone (undici decoded it): the end of the connection ends it.
    this.client.write(`${head}connection: close\r\n\r\n`);
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#toClient += chunk.length;
    return this.client.write(chunk);
  }

  onComplete(): void {
    this.client.end();
    this.#finish('complete', undefined);
  }

  onError(error: Error): void {
    if (this.#done) return;
    const mapped = upstreamError(error, `upstream "${this.upstream.spec.id}" target ${this.target.spec.url}`);
    this.upstream.record(this.target, mapped.outcome);
    writeProblem(this.client, mapped.error);
    this.#finish('failed', mapped.error);
  }

  sent(n: number): void {
    this.#toClient += n;
  }

  broke(): void {
    this.#broken = true;
    this.#cut = true;
    this.client.unpipe(this.#backend);
    this.#backend?.destroy();
  }

  #finish(outcome: ForwardSummary['outcome'], error: AppError | undefined): void {
    if (this.#done) return;
    this.#done = true;
    this.target.inflight--;
    this.hooks?.shaper?.stop();
    this.hooks?.settled?.(
      {
        upstream: this.upstream.spec.id,
        target: this.target.spec.url,
        status: this.#status,
        upstreamMs: this.#upstreamMs,
        outcome,
        tunnel: { bytesToClient: this.#toClient, bytesToBackend: this.#toBackend },
      },
      error,
    );
  }
}

/** A coded problem written on a raw socket, then closed. */
export function writeProblem(socket: Duplex, error: Pick<AppError, 'code' | 'status' | 'detail'>): void {
  if (socket.destroyed || !socket.writable) return;
  const body = JSON.stringify(toProblem(error));
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}\r\n` +
      'content-type: application/problem+json\r\n' +
      `x-mimicus-error: ${error.code}\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      'connection: close\r\n\r\n' +
      body,
  );
}

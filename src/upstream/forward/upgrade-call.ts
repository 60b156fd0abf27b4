import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';
import { toProblem, type AppError } from '../../errors/index.js';
import type { RuntimeUpstream } from '../runtime-upstream.js';
import type { TargetState } from '../target-state.js';
import { isHopByHop } from './hop-by-hop.js';
import { upstreamError } from './upstream-error.js';

/**
 * A WebSocket (or other Upgrade) request tunnelled to a target: the backend's 101 and its headers
 * go to the client as they are, then bytes are piped both ways until either side closes. A backend
 * that refuses the upgrade has its answer relayed (close-delimited); one that cannot be reached
 * gets the coded problem, as an ordinary request would.
 */
export class UpgradeCall implements Dispatcher.DispatchHandler {
  #done = false;
  #abort: ((reason?: Error) => void) | undefined;

  constructor(
    readonly client: Duplex,
    readonly clientHead: Buffer,
    readonly upstream: RuntimeUpstream,
    readonly target: TargetState,
  ) {
    target.inflight++;
    target.requests++;
    client.on('error', () => client.destroy());
    client.once('close', () => {
      if (!this.#done) this.#abort?.(new Error('client went away'));
      this.#finish();
    });
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.#abort = abort;
    if (this.client.destroyed) abort(new Error('client went away'));
  }

  onUpgrade(statusCode: number, rawHeaders: Buffer[] | string[] | null, socket: Duplex): void {
    this.upstream.record(this.target, 'success');
    let head = `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? ''}\r\n`;
    const raw = rawHeaders ?? [];
    for (let i = 0; i < raw.length; i += 2) head += `${String(raw[i])}: ${String(raw[i + 1])}\r\n`;
    const client = this.client;
    socket.on('error', () => client.destroy());
    client.on('error', () => socket.destroy());
    socket.once('close', () => client.destroy());
    client.once('close', () => socket.destroy());
    client.write(`${head}\r\n`);
    if (this.clientHead.length > 0) socket.write(this.clientHead);
    socket.pipe(client);
    client.pipe(socket);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    if (statusCode < 200) return true;
    this.upstream.record(this.target, statusCode >= 500 ? 'server-error' : 'success');
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
    return this.client.write(chunk);
  }

  onComplete(): void {
    this.client.end();
    this.#finish();
  }

  onError(error: Error): void {
    if (this.#done) return;
    const mapped = upstreamError(error, `upstream "${this.upstream.spec.id}" target ${this.target.spec.url}`);
    this.upstream.record(this.target, mapped.outcome);
    writeProblem(this.client, mapped.error);
    this.#finish();
  }

  #finish(): void {
    if (this.#done) return;
    this.#done = true;
    this.target.inflight--;
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

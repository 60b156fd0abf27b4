import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { Clock } from '../../clock/index.js';
import type { AppError } from '../../errors/index.js';
import type { RuntimeUpstream } from '../runtime-upstream.js';
import type { TargetState } from '../target-state.js';
import type { AnswerShaper, ShapedCall } from './answer-shaper.js';
import { connectionListed, HOP_BY_HOP_NAMES, isHopByHop } from './hop-by-hop.js';
import { upstreamError } from './upstream-error.js';

/** What the engine hears back from one forwarded request. */
export interface ForwardListener {
  /** Failed before any byte reached the client: answer `error` (a coded problem). */
  failed(res: ServerResponse, error: AppError, summary: ForwardSummary, context: unknown): void;
  /** The exchange is over: complete, reset by the upstream, or abandoned by the client. */
  settled(res: ServerResponse, summary: ForwardSummary, context: unknown): void;
}

/** For the journal and metrics: where it went and how it ended. */
export interface ForwardSummary {
  readonly upstream: string;
  readonly target: string;
  /** The upstream's status, 0 when it never answered. */
  readonly status: number;
  /** From dispatch to the upstream's headers, ms; -1 when it never answered. */
  readonly upstreamMs: number;
  readonly outcome: 'complete' | 'failed' | 'reset' | 'abandoned';
  /** Resilience policies: every attempt in the order they ended (retries and hedges included). */
  readonly attempts?: readonly AttemptRecord[];
  readonly hedges?: number;
  /** Why the fallback answered, when it did. */
  readonly fallback?: string;
}

/** One attempt of a resilient forward, for the journal. */
export interface AttemptRecord {
  readonly target: string;
  /** The status it answered, or how it failed. */
  readonly outcome: string;
  readonly ms: number;
}

/** 1 at the lengths of the hop-by-hop names and of content-length: only names this long are lower-cased. */
const CHECKED_LENGTHS = new Uint8Array(32);
for (const name of [...HOP_BY_HOP_NAMES, 'content-length']) CHECKED_LENGTHS[name.length] = 1;

/** Removes, in place, the headers whose names `listed` holds (lower case) from a flat [name, value, …] list. */
function dropListed(headers: string[], listed: ReadonlySet<string>): void {
  let kept = 0;
  for (let i = 0; i < headers.length; i += 2) {
    if (listed.has(headers[i]!.toLowerCase())) continue;
    headers[kept++] = headers[i]!;
    headers[kept++] = headers[i + 1]!;
  }
  headers.length = kept;
}

const kCall = Symbol('mimicus.forwardCall');
type WithCall = ServerResponse & { [kCall]?: ForwardCall };

/** Listeners shared by every call (`this` is the response), so a request allocates no closure. */
function onClientClose(this: WithCall): void {
  const call = this[kCall];
  if (call !== undefined && !call.done) call.clientGone();
}
function onClientDrain(this: WithCall): void {
  this[kCall]?.resumeUpstream?.();
}

/**
 * One forwarded request as an undici dispatch handler (the raw-header interface: no header
 * object is built). Response headers and body go straight to the client's ServerResponse, with
 * backpressure both ways: a full client socket pauses the upstream read, a slow upstream simply
 * writes less. A client that leaves aborts the upstream request; an upstream that fails after the
 * first byte resets the client, since the status is already sent.
 */
export class ForwardCall implements Dispatcher.DispatchHandler, ShapedCall {
  done = false;
  resumeUpstream: (() => void) | undefined;
  #abort: ((reason?: Error) => void) | undefined;
  #status = 0;
  #upstreamMs = -1;
  readonly #startedAt: number;
  #drainHooked = false;

  constructor(
    readonly res: ServerResponse,
    readonly upstream: RuntimeUpstream,
    readonly target: TargetState,
    readonly listener: ForwardListener,
    /** The engine's own data about the request, handed back to the listener. */
    readonly context: unknown,
    private readonly clock: Clock,
    /** The engine's behaviors on the answer; undefined (the usual case): it streams as it comes. */
    private readonly shaper: AnswerShaper | undefined,
    /** When the request was sent, if before this call took it over (a resilient attempt answered first). */
    startedAt = clock.now(),
  ) {
    this.#startedAt = startedAt;
    target.inflight++;
    target.requests++;
    (res as WithCall)[kCall] = this;
    // `on`, not `once`: once wraps the listener in a new closure; #finish removes it either way.
    res.on('close', onClientClose);
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.#abort = abort;
    if (this.res.destroyed) abort(new Error('client went away'));
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    // 1xx informational answers are not relayed (node:http answers Expect itself).
    if (statusCode < 200) return true;
    const res = this.res;
    this.#status = statusCode;
    this.#upstreamMs = this.clock.now() - this.#startedAt;
    this.target.latency.observe(this.#upstreamMs);
    this.upstream.record(this.target, statusCode >= 500 ? 'server-error' : 'success');
    this.resumeUpstream = resume;
    // One pass, and a name is lower-cased only when its length is one a hop-by-hop name or
    // Content-Length has (most are not): the head costs one string per name and value, nothing more.
    const headers: string[] = [];
    let hasLength = false;
    let connection: string | undefined;
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const nameBytes = rawHeaders[i]!;
      const name = nameBytes.toString('latin1');
      const value = rawHeaders[i + 1]!.toString('latin1');
      if (CHECKED_LENGTHS[nameBytes.length] === 1) {
        const lower = name.toLowerCase();
        if (isHopByHop(lower)) {
          if (lower === 'connection') connection = connection === undefined ? value : `${connection}, ${value}`;
          continue;
        }
        if (lower === 'content-length') hasLength = true;
      }
      headers.push(name, value);
    }
    // The names a Connection header lists are hop-by-hop too (rare: nearly every backend sends only keep-alive or close).
    const listed = connectionListed(connection);
    if (listed !== undefined) {
      dropListed(headers, listed);
      if (listed.has('content-length')) hasLength = false;
    }
    if (res.destroyed) return false;
    if (this.shaper !== undefined) return this.shaper.head(this, statusCode, headers, hasLength);
    if (!this.writeHead(statusCode, headers)) return false;
    // A streamed answer (SSE, chunked) shows its head at once; one with a length goes out with its
    // first bytes, in one write.
    // (A head sent alone, then a small body, is two packets: Nagle and delayed ACKs then cost ~40 ms.)
    if (!hasLength && statusCode !== 204 && statusCode !== 304) res.flushHeaders();
    return true;
  }

  writeHead(statusCode: number, headers: readonly string[]): boolean {
    try {
      this.res.writeHead(statusCode, headers as string[]);
      return true;
    } catch (error) {
      // node:http refused a header the backend sent: not HTTP we can relay.
      this.#abort?.(error as Error);
      const failure = upstreamError(Object.assign(new Error((error as Error).message), { code: 'HPE_INVALID_HEADER_TOKEN' }), this.#where());
      this.#finish('failed', failure.error);
      return false;
    }
  }

  resume(): void {
    this.resumeUpstream?.();
  }

  broke(): void {
    this.#abort?.(new Error('the connection was reset by a fault'));
    this.#finish('reset', undefined);
  }

  delivered(): void {
    this.#finish('complete', undefined);
  }

  onData(chunk: Buffer): boolean {
    const res = this.res;
    if (res.destroyed) return false;
    if (this.shaper !== undefined) return this.shaper.data(this, chunk);
    if (res.write(chunk)) return true;
    if (!this.#drainHooked) {
      this.#drainHooked = true;
      res.on('drain', onClientDrain);
    }
    return false;
  }

  onComplete(trailers: string[] | Buffer[] | null): void {
    const res = this.res;
    // A shaped body is re-framed (a new length, pieces over time): the backend's trailers are dropped.
    if (this.shaper !== undefined) {
      this.shaper.end(this);
      return;
    }
    if (trailers !== null && trailers.length > 0 && !res.destroyed) {
      const pairs: [string, string][] = [];
      for (let i = 0; i < trailers.length; i += 2) pairs.push([String(trailers[i]), String(trailers[i + 1])]);
      try {
        res.addTrailers(pairs);
      } catch {
        // A trailer node:http will not send is dropped; the body is complete.
      }
    }
    res.end();
    this.#finish('complete', undefined);
  }

  onError(error: Error): void {
    if (this.done) return;
    const mapped = upstreamError(error, this.#where());
    if (this.#status === 0) this.upstream.record(this.target, mapped.outcome);
    if (this.res.destroyed) {
      this.#finish('abandoned', undefined);
      return;
    }
    if (this.res.headersSent) {
      // The status went out: the only honest signal left is a broken connection.
      this.res.destroy(error);
      this.#finish('reset', undefined);
      return;
    }
    this.#finish('failed', mapped.error);
  }

  clientGone(): void {
    this.#abort?.(new Error('client went away'));
    this.#finish('abandoned', undefined);
  }

  #where(): string {
    return `upstream "${this.upstream.spec.id}" target ${this.target.spec.url}`;
  }

  #finish(outcome: ForwardSummary['outcome'], error: AppError | undefined): void {
    if (this.done) return;
    this.done = true;
    this.shaper?.stop();
    this.target.inflight--;
    if (outcome !== 'complete') this.target.errors++;
    this.target.outcomes[outcome]++;
    const res = this.res as WithCall;
    res.removeListener('close', onClientClose);
    if (this.#drainHooked) res.removeListener('drain', onClientDrain);
    res[kCall] = undefined;
    const summary: ForwardSummary = {
      upstream: this.upstream.spec.id,
      target: this.target.spec.url,
      status: this.#status,
      upstreamMs: this.#upstreamMs,
      outcome,
    };
    if (error !== undefined) this.listener.failed(this.res, error, summary, this.context);
    else this.listener.settled(this.res, summary, this.context);
  }
}

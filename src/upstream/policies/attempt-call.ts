import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { Clock } from '../../clock/index.js';
import { ForwardCall, type AttemptRecord, type ForwardListener } from '../forward/forward-call.js';
import type { AttemptSpan } from '../../observe/index.js';
import type { AnswerShaper } from '../forward/answer-shaper.js';
import { upstreamError } from '../forward/upstream-error.js';
import type { RuntimeUpstream } from '../runtime-upstream.js';
import type { TargetState } from '../target-state.js';
import { failure, type Answer, type AttemptStats, type FailureKind, type Outcome } from './attempt.js';
import type { Cancel, CancelListener } from './cancel.js';

/** The journal lists this many attempts of a request at most (10 tries, each hedged up to 3 times, would be 40). */
const MAX_LOGGED_ATTEMPTS = 16;

/** A discarded answer's body is read and dropped up to this much (the connection is kept); beyond, the request is aborted. */
const DRAIN_LIMIT_BYTES = 65_536;
/** An answer with a Content-Length up to this is read whole before its head goes out, so a reset mid-body can still be retried. */
const BUFFER_LIMIT_BYTES = 65_536;

/**
 * The bytes all attempts may hold at once while they read small answers whole: past it an answer
 * streams as a plain forward does (a flood of concurrent answers cannot make the proxy hold
 * gigabytes).
 */
export class BodyBuffers {
  used = 0;
  constructor(readonly capBytes: number) {}

  take(bytes: number): boolean {
    if (this.used + bytes > this.capBytes) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used -= bytes;
  }
}

const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

function failureKind(error: unknown): FailureKind {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (CONNECT_FAILURES.has(code)) return 'connect-failure';
  if (TIMEOUTS.has(code)) return 'timeout';
  if (code.startsWith('HPE_') || (error instanceof Error && error.name === 'HTTPParserError')) return 'protocol';
  return 'reset';
}

type Phase = 'waiting' | 'buffering' | 'answered' | 'committed' | 'discarding' | 'done';

/**
 * One attempt of a resilient forward, as an undici dispatch handler. The answer's head resolves
 * the attempt with the upstream paused; the runner then commits it (a ForwardCall takes over and
 * streams it to the client, as a plain forward would) or a policy discards it (a retried 503, a
 * hedge that lost): the body is drained and dropped. A failure before the head resolves the
 * attempt as a failure; a cancel aborts the upstream request.
 *
 * An answer with a Content-Length up to 64 KiB (while `buffers` has room) is read whole first and
 * resolves the attempt when complete: a reset mid-body is then a `reset` failure the policies can
 * retry or answer with the fallback, where a streamed answer could only cut the client's connection.
 */
export class AttemptCall implements Dispatcher.DispatchHandler, Answer, CancelListener {
  readonly kind = 'answer';
  status = 0;
  retryAfterMs: number | undefined;
  #phase: Phase = 'waiting';
  #abort: ((reason?: Error) => void) | undefined;
  #resume: (() => void) | undefined;
  #rawHeaders: Buffer[] = [];
  #forward: ForwardCall | undefined;
  #drained = 0;
  /** A small answer read whole: its chunks while read, its body once complete, the length held in `buffers`, its trailers. */
  #chunks: Buffer[] | undefined;
  #body: Buffer | undefined;
  #heldBytes = 0;
  #trailers: string[] | Buffer[] | null = null;
  /** An error while the answer waited for its verdict: replayed to whoever takes it. */
  #lateError: Error | undefined;
  readonly #startedAt: number;

  constructor(
    readonly upstream: RuntimeUpstream,
    readonly target: TargetState,
    private readonly clock: Clock,
    /** Resolves the attempt's promise. */
    private readonly done: (outcome: Outcome) => void,
    private readonly cancel: Cancel,
    private readonly buffers: BodyBuffers,
    /** The request's attempts so far (the journal's `attempts`) and this attempt's span when sampled: both told how it ended. */
    private readonly stats: AttemptStats,
    private readonly span: AttemptSpan | undefined,
  ) {
    this.#startedAt = clock.now();
    target.inflight++;
    // The call itself listens (no closure per attempt).
    cancel.listen(this);
  }

  /** The request was cancelled (client gone, deadline, a hedge won elsewhere): the upstream request is aborted. */
  cancelled(): void {
    this.#abort?.(new Error('cancelled'));
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.#abort = abort;
    if (this.cancel.cancelled && this.#phase === 'waiting') abort(new Error('cancelled'));
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (statusCode < 200) return true;
    if (this.#phase !== 'waiting') return false;
    this.status = statusCode;
    this.#rawHeaders = rawHeaders;
    this.#resume = resume;
    if (statusCode === 429 || statusCode === 503) this.retryAfterMs = retryAfter(rawHeaders, this.clock);
    const length = contentLength(rawHeaders);
    if (length !== undefined && length <= BUFFER_LIMIT_BYTES && this.buffers.take(length)) {
      // Read on; the attempt resolves when the body is complete (a cancel still aborts it).
      this.#heldBytes = length;
      this.#chunks = [];
      this.#phase = 'buffering';
      return true;
    }
    this.cancel.unlisten(this);
    this.#phase = 'answered';
    this.#settle(this);
    // Paused until committed or discarded: nothing is read that nobody wants.
    return false;
  }

  onData(chunk: Buffer): boolean {
    if (this.#phase === 'committed') return this.#forward!.onData(chunk);
    if (this.#phase === 'buffering') {
      this.#chunks!.push(chunk);
      return true;
    }
    this.#drained += chunk.length;
    if (this.#drained > DRAIN_LIMIT_BYTES) this.#abort?.(new Error('discarded answer too large to drain'));
    return true;
  }

  onComplete(trailers: string[] | Buffer[] | null): void {
    if (this.#phase === 'committed') return this.#forward!.onComplete(trailers);
    if (this.#phase === 'buffering') {
      this.cancel.unlisten(this);
      this.#body = this.#chunks!.length === 1 ? this.#chunks![0]! : Buffer.concat(this.#chunks!);
      this.#chunks = undefined;
      this.#trailers = trailers;
      this.#phase = 'answered';
      this.#settle(this);
      return;
    }
    this.#end();
  }

  onError(error: Error): void {
    if (this.#phase === 'committed') return this.#forward!.onError(error);
    if (this.#phase === 'answered') {
      this.#lateError = error;
      return;
    }
    if (this.#phase !== 'waiting' && this.#phase !== 'buffering') return this.#end();
    this.#release();
    this.cancel.unlisten(this);
    this.#phase = 'done';
    this.target.inflight--;
    this.target.requests++;
    if (this.cancel.cancelled) {
      this.#settle(failure('cancelled', upstreamError(error, this.#where()).error, this.target));
      return;
    }
    this.target.errors++;
    const mapped = upstreamError(error, this.#where());
    this.upstream.record(this.target, mapped.outcome);
    this.#settle(failure(failureKind(error), mapped.error, this.target));
  }

  /** Ends the attempt: logged, its span ended, its promise resolved (a method, not a closure per attempt). */
  #settle(outcome: Outcome): void {
    const what = outcome.kind === 'answer' ? String(outcome.status) : outcome.failure;
    const record: AttemptRecord = { target: this.target.spec.url, outcome: what, ms: this.clock.now() - this.#startedAt };
    const log = this.stats.log;
    if (log === undefined) this.stats.log = [record];
    else if (log.length < MAX_LOGGED_ATTEMPTS) log.push(record);
    this.span?.end(what, outcome.kind === 'answer' ? outcome.status : 0);
    this.done(outcome);
  }

  /** The backend's head as it came (name, value, …). */
  get rawHeaders(): readonly Buffer[] {
    return this.#rawHeaders;
  }

  /** The whole body of an answer that was read whole (Content-Length up to 64 KiB); undefined for one that streams. */
  get wholeBody(): Buffer | undefined {
    return this.#body;
  }

  discard(): void {
    if (this.#phase !== 'answered') return;
    this.#phase = 'discarding';
    const ms = this.clock.now() - this.#startedAt;
    this.target.latency.observe(ms);
    this.target.requests++;
    if (this.status >= 500) this.target.errors++;
    this.upstream.record(this.target, this.status >= 500 ? 'server-error' : 'success');
    if (this.#body !== undefined) {
      // Read whole already: nothing left upstream.
      this.#release();
      this.#end();
    } else if (this.#lateError !== undefined) this.#end();
    else this.#resume!();
  }

  /** Hands the answer to a ForwardCall that streams it to `res` and tells `listener`, as a plain forward. */
  commit(res: ServerResponse, listener: ForwardListener, context: unknown, shaper: AnswerShaper | undefined): void {
    if (this.#phase !== 'answered') return;
    this.#phase = 'committed';
    // The ForwardCall counts the request in flight from here.
    this.target.inflight--;
    const call = new ForwardCall(res, this.upstream, this.target, listener, context, this.clock, shaper, this.#startedAt);
    this.#forward = call;
    call.onConnect(this.#abort!);
    if (this.#body !== undefined) return this.#replay(call, this.#body);
    const accepted = call.onHeaders(this.status, this.#rawHeaders, this.#resume!);
    if (this.#lateError !== undefined) call.onError(this.#lateError);
    else if (accepted) this.#resume!();
  }

  /** Hands a body read whole to the ForwardCall as the upstream would, pausing when it says so (client backpressure, a shaper). */
  #replay(call: ForwardCall, body: Buffer): void {
    this.#release();
    let step: 'body' | 'end' | 'done' = 'body';
    let pumping = false;
    const pump = () => {
      if (pumping) return;
      pumping = true;
      while (step !== 'done') {
        if (step === 'body') {
          step = 'end';
          if (body.length > 0 && !call.onData(body)) break;
        } else {
          step = 'done';
          call.onComplete(this.#trailers);
        }
      }
      pumping = false;
    };
    if (call.onHeaders(this.status, this.#rawHeaders, pump)) pump();
  }

  /** Gives back the bytes held for a body read whole. */
  #release(): void {
    if (this.#heldBytes === 0) return;
    this.buffers.give(this.#heldBytes);
    this.#heldBytes = 0;
  }

  #end(): void {
    if (this.#phase === 'done') return;
    this.#phase = 'done';
    this.target.inflight--;
  }

  #where(): string {
    return `upstream "${this.upstream.spec.id}" target ${this.target.spec.url}`;
  }
}

/** The Content-Length an answer declares; undefined when absent or unreadable (a streamed answer). */
function contentLength(rawHeaders: Buffer[]): number | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.length !== 14 || rawHeaders[i]!.toString('latin1').toLowerCase() !== 'content-length') continue;
    const value = rawHeaders[i + 1]!.toString('latin1').trim();
    return /^\d{1,15}$/.test(value) ? Number(value) : undefined;
  }
  return undefined;
}

/** Retry-After in ms (delta-seconds or an HTTP date); undefined when absent or unreadable. */
function retryAfter(rawHeaders: Buffer[], clock: Clock): number | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.length !== 11 || rawHeaders[i]!.toString('latin1').toLowerCase() !== 'retry-after') continue;
    const value = rawHeaders[i + 1]!.toString('latin1').trim();
    if (/^\d+$/.test(value)) return Number(value) * 1000;
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : Math.max(0, at - clock.epochMs());
  }
  return undefined;
}

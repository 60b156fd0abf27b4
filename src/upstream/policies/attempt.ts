import type { AppError } from '../../errors/index.js';
import type { AttemptRecord } from '../forward/forward-call.js';
import type { TargetState } from '../target-state.js';
import type { Cancel } from './cancel.js';

/**
 * Why an attempt (or the policies around it) gave no answer. The first four are what an upstream
 * did; the others are decisions of the policies.
 */
export type FailureKind =
  'connect-failure' | 'reset' | 'timeout' | 'protocol' | 'no-target' | 'circuit-open' | 'bulkhead-full' | 'budget-exhausted' | 'deadline' | 'cancelled';

/** An answer whose head arrived; its body waits (paused upstream) until it is committed or discarded. */
export interface Answer {
  readonly kind: 'answer';
  readonly status: number;
  readonly target: TargetState;
  /** Retry-After of a 429 or 503, in ms; undefined when absent. */
  readonly retryAfterMs: number | undefined;
  /** Drops the answer: its body is drained (or the request aborted) and the connection kept when cheap. */
  discard(): void;
}

export interface Failure {
  readonly kind: 'failure';
  readonly failure: FailureKind;
  readonly error: AppError;
  /** The target that failed; undefined when none was tried. */
  readonly target: TargetState | undefined;
}

export type Outcome = Answer | Failure;

/** One forward of a request, as the policies see it; shared by its attempts (a hedge gets its own `cancel`). */
export interface AttemptRequest {
  readonly method: string;
  /** Safe to send twice: an idempotent method, or an Idempotency-Key, or retryNonIdempotent. */
  readonly repeatable: boolean;
  /** Targets tried so far: the next attempt goes elsewhere when it can. */
  readonly tried: TargetState[];
  /** Set by the breaker: whether a target may take an attempt now (and takes its half-open slot). */
  admit: Admission | undefined;
  /** Clock reading past which no attempt is sent; Infinity when none. */
  deadlineAt: number;
  readonly cancel: Cancel;
  /** Shared by every attempt of the request (policies pass copies of the request down). */
  readonly stats: AttemptStats;
  /** Set on the copy a hedge sends (the attempt's span says so). */
  readonly hedged: boolean;
  /** What the first attempt needs to reach the upstream (dispatch-attempt); opaque to the policies. */
  readonly exchange: unknown;
}

export interface AttemptStats {
  /** Attempts sent, hedges included. */
  attempts: number;
  retries: number;
  hedges: number;
  /**
   * Each attempt as it ended, for the journal (the first 16); undefined until the first ends. Made
   * then as a one-element literal: an empty array's first push reserves 17 slots, and the journal
   * keeps this array for as long as it keeps the request.
   */
  log: AttemptRecord[] | undefined;
}

/** Whether a target may take an attempt now (an object, not a closure: one is made per request). */
export interface Admission {
  admit(target: TargetState): boolean;
}

export type Attempt = (request: AttemptRequest) => Promise<Outcome>;

/** A resilience policy wraps the attempt it protects (STYLE.md: behaviors compose). */
export type Policy = (next: Attempt) => Attempt;

/**
 * The request as a policy passes it down with its own cancel, admission or hedge mark. One object
 * literal, every field always set: all copies share one shape (a spread at each policy made a
 * shape per site, and the spread with an added field was the hedge's largest cost per request).
 */
export function passDown(request: AttemptRequest, cancel: Cancel, admit: Admission | undefined, hedged: boolean): AttemptRequest {
  return {
    method: request.method,
    repeatable: request.repeatable,
    tried: request.tried,
    admit,
    deadlineAt: request.deadlineAt,
    cancel,
    stats: request.stats,
    hedged,
    exchange: request.exchange,
  };
}

/** Builds the failure outcome of a policy's decision. */
export const failure = (kind: FailureKind, error: AppError, target?: TargetState): Failure => ({ kind: 'failure', failure: kind, error, target });

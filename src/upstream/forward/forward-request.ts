import type { Readable } from 'node:stream';
import type { FallbackResponder, PreparedResponse } from '../../plan/index.js';
import type { AnswerShaper } from './answer-shaper.js';
import type { ClientSide } from './request-headers.js';
import type { AttemptSpan, AttemptStart } from '../../observe/index.js';

/**
 * One request to forward, as the engine hands it over. Its own file because both the forwarder
 * (create-forwarder) and the resilience policies (resilient-forward) take it, and importing it
 * from either made a cycle.
 */
export interface ForwardRequest extends ClientSide {
  readonly method: string;
  /** Path and query to ask the target after the endpoint's rewrite, starting with "/"; the target's base path is put in front. */
  readonly path: string;
  /** Streamed when a stream (the client's request itself), sent as is when already read. */
  readonly body: Readable | Buffer | string | null;
  /** The request's consistent-hash key, when the upstream balances on one. */
  readonly hashKey: string | undefined;
  /** Renders the endpoint's `fallback:` response for this request; set by the engine when the endpoint has one. */
  readonly renderFallback?: (responder: FallbackResponder) => PreparedResponse | undefined;
  /** Behaviors on the answer (engine); absent, it streams as it comes. */
  readonly shaper?: AnswerShaper;
  /** The request's trace when it is sampled and forwarded through the resilience policies: each attempt is a child span. */
  readonly attemptTrace?: AttemptTrace;
}

/** What the policies tell a sampled request's trace about one attempt (observe/tracing implements it). */
export interface AttemptTrace {
  /** Opens the attempt's span; its trace context goes upstream in place of the request's. */
  attempt(start: AttemptStart): AttemptSpan;
}

import type { Readable } from 'node:stream';
import type { Random } from '../../distributions/index.js';
import type { MockRequest, PreparedResponse, Responder } from '../../plan/index.js';
import type { StateStore, StateWrite } from '../../state/index.js';
import type { RequestState } from '../state/index.js';
import type { Choices } from './choices.js';
import type { ResponseOutcome } from './produce-response.js';

/**
 * What a producer made: the response (or a sequence's exhaustion) and the variant chosen; CRUD
 * also reports the item writes it made itself. A producer that streams its body (the proxy)
 * answers `stream`: `response` is then the head (status and headers) and its `body` is ignored.
 * Distinct kinds rather than optional fields: the shape stage reads none that may be absent,
 * which on the hot path cost more than the rest of it (measured with engine-overhead-against).
 */
export type Produced =
  | Exclude<ResponseOutcome, { kind: 'response' }>
  | { readonly kind: 'response'; readonly response: PreparedResponse; readonly variant?: string; readonly writes?: readonly StateWrite[] }
  | { readonly kind: 'stream'; readonly response: PreparedResponse; readonly stream: Readable; readonly variant?: string };

/** What a producer may read of the exchange it answers (the pipeline's Exchange is one). */
export interface ProduceInput {
  readonly request: MockRequest;
  readonly random: Random;
  /** Live draws, or a dry run's first choices (engine.simulate). */
  readonly choices: Choices;
  readonly endpointId: string;
  /** The request's StateView and the store, set for endpoints that use state. */
  readonly state: RequestState | undefined;
  readonly store: StateStore | undefined;
  /** Aborted when the client goes away: an upstream call should stop then. */
  readonly signal: AbortSignal;
}

/**
 * Makes a response for one responder kind. An `in-memory` producer is synchronous and may be run
 * more than once over a request's StateView (a pass that read keys not loaded yet runs again);
 * an `async` one does I/O (the state store, an upstream) and runs exactly once.
 */
export type Producer<R extends Responder = Responder> =
  | { readonly runs: 'in-memory'; produce(responder: R, input: ProduceInput): Produced }
  | { readonly runs: 'async'; produce(responder: R, input: ProduceInput): Promise<Produced> };

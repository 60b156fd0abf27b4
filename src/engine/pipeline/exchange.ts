import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Random } from '../../distributions/index.js';
import type { Plan } from '../../plan/index.js';
import type { StateStore } from '../../state/index.js';
import { LIVE_CHOICES, type Choices } from '../respond/choices.js';
import type { ProduceInput } from '../respond/producer.js';
import { IncomingMockRequest } from '../incoming-request.js';
import type { RequestTrace } from '../request-tracer.js';
import type { LazyIdentity, RequestIdentity, RequestState } from '../state/index.js';
import type { Answer } from './answer.js';

/**
 * What the decide, produce and shape stages read: a served request's Exchange, or the stand-in a
 * dry run builds (engine.simulate), which is not `live` and so takes no token, draws nothing,
 * advances no sequence and writes no state.
 */
export interface StageInput extends ProduceInput {
  readonly plan: Plan;
  readonly live: boolean;
  readonly trace: RequestTrace | undefined;
  /** Client address and session id, resolved on first read. */
  readonly identity: RequestIdentity;
}

/**
 * One request from arrival to its journal entry. It carries the request, who sent it, its state
 * view, its timings and its answer, and an AbortSignal that fires when the client goes away. The
 * stages fill it in order; the request itself is written only here (body, route params, state).
 */
export class Exchange implements StageInput {
  readonly request: IncomingMockRequest;
  readonly live = true;
  readonly choices: Choices = LIVE_CHOICES;
  trace: RequestTrace | undefined;
  /** Set when the request is dispatched (after its body); the journal has none for a request refused before. */
  identified: LazyIdentity | undefined;
  endpointId = '';
  state: RequestState | undefined;
  store: StateStore | undefined;
  /** Set by the shape stage (or a refusal); what deliver sends and record journals. */
  answer: Answer | undefined;
  /** `clock.now()` when a delivery over time began; undefined: the first byte left when it completed. */
  firstByteAt: number | undefined;
  private controller: AbortController | undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly plan: Plan,
    /** `clock.now()` at arrival: latency and journal times count from here. */
    readonly arrivedAt: number,
  ) {
    this.request = new IncomingMockRequest(req);
  }

  get random(): Random {
    return this.plan.random;
  }

  get identity(): RequestIdentity {
    if (this.identified === undefined) throw new Error('the exchange was read before it was dispatched');
    return this.identified;
  }

  /**
   * Aborted when the client goes away before its response is complete. Made on first read:
   * requests that never ask (nearly all mocks) pay for no controller and no listener.
   */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      const controller = new AbortController();
      this.controller = controller;
      const { res } = this;
      if (res.destroyed && !res.writableFinished) controller.abort();
      else res.once('close', () => (res.writableFinished ? undefined : controller.abort()));
    }
    return this.controller.signal;
  }

  /** `sizeBytes` above `body.length`: only the body's first bytes were kept (nothing reads the rest). */
  receivedBody(body: Buffer, sizeBytes = body.length): void {
    this.request.setBody(body, sizeBytes);
  }

  /** The matched endpoint's id and the path parameters its route gave. */
  routed(endpointId: string, params: Readonly<Record<string, string>>): void {
    this.endpointId = endpointId;
    this.request.params = params;
  }

  /** The request's StateView: matchers, templates and by-state responders read it through the request. */
  attachState(state: RequestState, store: StateStore): void {
    this.state = state;
    this.store = store;
    this.request.state = state;
  }
}

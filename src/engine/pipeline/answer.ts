import type { Readable } from 'node:stream';
import type { AppliedSummary } from '../../observe/index.js';
import type { Behavior, PreparedResponse, ProxySpec, Responder, WindowBehavior } from '../../plan/index.js';
import type { PickedFault } from '../behaviors/index.js';
import type { Delivery } from '../deliver/index.js';
import type { ForwardShape } from '../respond/proxy-shaper.js';

/** What to send, how, and how long after the request arrived: what the shape stage hands on. */
export interface Answer {
  readonly response: PreparedResponse;
  readonly delivery: Delivery;
  /** Sampled latency, measured from arrival to the first response byte. */
  readonly delayMs: number;
  /** What was applied (endpoint, delay, fault, variant, window), for the journal. */
  readonly applied?: AppliedSummary;
  /** A streamed body (a producer that streams); `response` is then its head. */
  readonly stream?: Readable;
  /** Set for a request forwarded upstream (after the wait): the backend's answer replaces `response` (a stand-in until then). */
  readonly forward?: ProxySpec;
  /** Behaviors on a forwarded answer's stream (total latency, corrupt, dribble, bandwidth, reset); absent: it streams untouched. */
  readonly shape?: ForwardShape;
}

/** What the decide stage settled before anything is produced. */
export type Decision =
  /** Answered already (a rate-limit refusal): produce and shape are skipped. */
  | { readonly kind: 'answered'; readonly answer: Answer }
  | {
      readonly kind: 'respond';
      readonly behavior: Behavior;
      readonly window: WindowBehavior | undefined;
      readonly picked: PickedFault | undefined;
      /** The responder to run: a fault's own, the window's, or the endpoint's. */
      readonly responder: Responder;
      readonly limitHeaders: readonly string[];
    };

export type Respond = Extract<Decision, { kind: 'respond' }>;

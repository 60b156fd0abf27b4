import type { CrudSpec } from '../crud/crud-spec.js';
import type { ProxySpec } from '../upstreams/upstream-spec.js';
import type { StateRef } from '../mock-request.js';
import type { RenderTemplate } from '../templates/types.js';
import type { SequencePositions } from './sequence-cursors.js';

/**
 * A response ready to write: header names lower case, in node:http's flat array form
 * (`[name, value, name, value…]`), content-length included. Static responses are built once
 * at plan compile and written as they are, with no per-request allocation.
 */
export interface PreparedResponse {
  readonly status: number;
  readonly headers: readonly string[];
  /**
   * Text bodies are kept as strings: node:http sends a string body in one write together with the
   * head, but a Buffer as a second chunk (writev), which costs ~10% of a small stub's throughput.
   * Bytes that are not valid UTF-8 stay a Buffer.
   */
  readonly body: string | Buffer;
}

/** A header whose value is rendered per request. */
export interface TemplatedHeader {
  readonly name: string;
  readonly render: RenderTemplate;
}

export interface TemplateResponse {
  readonly status: number;
  /** Headers that do not depend on the request (content-length is added after rendering). */
  readonly staticHeaders: readonly string[];
  readonly templatedHeaders: readonly TemplatedHeader[];
  readonly body: RenderTemplate;
}

/** How an endpoint produces its response; the engine executes it. */
export type Responder =
  | { readonly type: 'static'; readonly response: PreparedResponse }
  | { readonly type: 'template'; readonly response: TemplateResponse }
  | {
      readonly type: 'variants';
      /** Cumulative weights, ascending; the last equals `totalWeight`. */
      readonly cumulativeWeights: readonly number[];
      readonly totalWeight: number;
      readonly choices: readonly Responder[];
      readonly ids: readonly string[];
    }
  /** One response per state of the endpoint's workflow (`responses:`), `fallback` for the others. */
  | {
      readonly type: 'by-state';
      /** Where the workflow keeps its current state. */
      readonly ref: StateRef;
      readonly initial: string;
      /** The machine's states: a stored state outside them counts as `initial`. */
      readonly states: readonly string[];
      readonly choices: ReadonlyMap<string, Responder>;
      readonly fallback: Responder | undefined;
    }
  /** A REST collection in the state store; answered by the engine's asynchronous path. */
  | { readonly type: 'crud'; readonly spec: CrudSpec }
  /** Forwards to a real backend; answered by the engine's proxy producer through the upstream port. */
  | { readonly type: 'proxy'; readonly spec: ProxySpec }
  | {
      readonly type: 'sequence';
      readonly steps: readonly Responder[];
      readonly after: 'last' | 'cycle' | '404';
      /** The `key:` template; undefined: the request's path parameters. */
      readonly key: RenderTemplate | undefined;
      /** Position of the next step per key; one set per Plan (a reload starts sequences over). */
      readonly cursors: SequencePositions;
    };

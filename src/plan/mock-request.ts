/**
 * The request as matchers and templates see it. The engine builds it from node:http lazily:
 * query, cookies and the parsed body are computed on first read, so a static stub that never
 * looks at them pays nothing.
 */
export interface MockRequest {
  readonly method: string;
  /** Path without the query string, as received (not percent-decoded; the router decodes params). */
  readonly path: string;
  /** The raw request target as received (path and query). */
  readonly url: string;
  /** Query parameters; a repeated parameter gives a list. */
  readonly query: Readonly<Record<string, string | string[]>>;
  /** Header names are lower case, as node:http gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly cookies: Readonly<Record<string, string>>;
  /** Path parameters of the matched endpoint; empty until a route matched. */
  readonly params: Readonly<Record<string, string>>;
  /** The body as text ('' when there was none). */
  readonly bodyText: string;
  /** The body parsed as JSON when it is JSON, otherwise undefined. */
  readonly bodyJson: unknown;
  /** State for `match.state`, `whenState` and state-dependent responses; absent where no state is kept (previews). */
  readonly state?: StateReader;
}

/**
 * A piece of state a matcher or responder reads: a variable, or a workflow's current state, in a
 * scope. `owner` is the endpoint id (the `endpoint` scope is private to it). The engine turns a
 * ref into a store key for the request at hand (its session, its client).
 */
export interface StateRef {
  readonly scope: 'global' | 'session' | 'client' | 'endpoint';
  readonly owner: string;
  readonly entry: 'var' | 'wf';
  readonly name: string;
}

/**
 * State as the request sees it, loaded before matching and rendering (see engine/state). Reading
 * a ref that was not loaded yet answers undefined and records it; the engine then loads it and
 * runs the step again, so synchronous matchers and helpers work over an asynchronous store.
 */
export interface StateReader {
  read(ref: StateRef): unknown;
}

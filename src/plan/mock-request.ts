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
}

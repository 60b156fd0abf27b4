import { assertNever } from '../../config/index.js';
import type { MockRequest, RateLimitSpec } from '../../plan/index.js';

/** The key of requests that carry no value for a header or query key: they share one bucket. */
export const NO_VALUE_KEY = '(none)';

const SESSION_HEADER = 'x-mimicus-session';
const SESSION_COOKIE = 'mimicus-session';

const first = (value: string | readonly string[] | undefined): string | undefined => (typeof value === 'string' ? value : value?.[0]);

const orNone = (value: string | undefined): string => (value === undefined || value === '' ? NO_VALUE_KEY : value);

/**
 * Which bucket of a limiter a request draws from. A limiter already is one bucket name, so
 * `endpoint` and `global` need a single key inside it (the name is per endpoint unless shared).
 *
 * `client` is the client address the engine resolved: the socket's, or X-Forwarded-For only from
 * configured trusted proxies (any client can send the header; trusting it from anyone would let
 * one client spread its requests over invented addresses). `session` is the engine's session id
 * (state.session settings); without one, the default header and cookie, then the client.
 */
export function rateLimitKey(key: RateLimitSpec['key'], request: MockRequest, clientAddress: string, sessionId?: string): string {
  switch (key.kind) {
    case 'endpoint':
    case 'global':
      return '';
    case 'client':
      return clientAddress;
    case 'session':
      if (sessionId !== undefined) return sessionId;
      return first(request.headers[SESSION_HEADER]) || request.cookies[SESSION_COOKIE] || clientAddress;
    case 'header':
      return orNone(first(request.headers[key.name]));
    case 'query':
      return orNone(first(request.query[key.name]));
    default:
      return assertNever(key, 'rate limit key');
  }
}

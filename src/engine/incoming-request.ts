import type { IncomingMessage } from 'node:http';
import type { MockRequest, StateReader } from '../plan/index.js';

const EMPTY_PARAMS: Readonly<Record<string, string>> = Object.freeze({});
const EMPTY_BODY = Buffer.alloc(0);
const UNPARSED = Symbol('unparsed');

function parseQuery(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else query[key] = [existing, value];
  }
  return query;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Cookies of a `Cookie` header; the first of a repeated name wins, quoted values are unquoted. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name && cookies[name] === undefined)
      cookies[name] = safeDecode(
        part
          .slice(eq + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1'),
      );
  }
  return cookies;
}

/**
 * MockRequest over a node:http request. Query, cookies, body text and JSON are parsed on first
 * read and cached: a static stub that only needs method and path pays for nothing else.
 */
export class IncomingMockRequest implements MockRequest {
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  /** Set once, by the Exchange, when a route matched. */
  params: Readonly<Record<string, string>> = EMPTY_PARAMS;
  /** Set once, by the Exchange, for lookups and responses that read state. */
  state: StateReader | undefined;
  private readonly search: string;
  private body: Buffer = EMPTY_BODY;
  private bodySize = 0;
  private queryCache: Record<string, string | string[]> | undefined;
  private cookiesCache: Record<string, string> | undefined;
  private textCache: string | undefined;
  private jsonCache: unknown = UNPARSED;

  constructor(incoming: IncomingMessage) {
    this.method = incoming.method ?? 'GET';
    this.url = incoming.url ?? '/';
    this.headers = incoming.headers;
    const q = this.url.indexOf('?');
    this.path = q < 0 ? this.url : this.url.slice(0, q);
    this.search = q < 0 ? '' : this.url.slice(q + 1);
  }

  /** Called once, by the Exchange, when the body has been read (only its first bytes when `sizeBytes` is larger). */
  setBody(body: Buffer, sizeBytes = body.length): void {
    this.body = body;
    this.bodySize = sizeBytes;
  }

  /** The body as received (empty when there was none), or its first bytes when nothing reads the rest. */
  get bodyBytes(): Buffer {
    return this.body;
  }

  /** The size of the whole body received, kept or not. */
  get bodySizeBytes(): number {
    return this.bodySize;
  }

  get query(): Record<string, string | string[]> {
    return (this.queryCache ??= this.search === '' ? {} : parseQuery(this.search));
  }

  get cookies(): Record<string, string> {
    return (this.cookiesCache ??= parseCookies(this.headers.cookie));
  }

  get bodyText(): string {
    return (this.textCache ??= this.body.length === 0 ? '' : this.body.toString('utf8'));
  }

  get bodyJson(): unknown {
    if (this.jsonCache === UNPARSED) {
      this.jsonCache = undefined;
      const text = this.bodyText.trim();
      if (text !== '') {
        try {
          this.jsonCache = JSON.parse(text);
        } catch {
          // not JSON: templates fall back to the text, JSON predicates do not match
        }
      }
    }
    return this.jsonCache;
  }
}

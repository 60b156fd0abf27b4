import { LRUCache } from 'lru-cache';
import { connectionListed, isHopByHop } from '../forward/hop-by-hop.js';

/** A good answer kept for `fallback: { stale }`. */
export interface StaleAnswer {
  readonly status: number;
  /** Flat name/value list as the backend sent it, hop-by-hop headers removed. */
  readonly headers: readonly string[];
  readonly body: Buffer;
  /** Clock reading when it was kept. */
  readonly storedAt: number;
}

/** What one entry costs beyond its body and headers (the key, the entry's own objects). */
const ENTRY_OVERHEAD_BYTES = 256;

/**
 * The last good answer per request key of one endpoint, for `fallback: { stale }`: an LRU bounded
 * in bytes (bodies, headers and keys), so a client that walks a million URLs evicts old answers
 * rather than growing the heap. Age is judged on the Clock when an answer is read, not by
 * lru-cache's own timers, so tests need no sleep.
 */
export class StaleCache {
  readonly #entries: LRUCache<string, StaleAnswer>;

  constructor(readonly maxBytes: number) {
    this.#entries = new LRUCache<string, StaleAnswer>({
      maxSize: maxBytes,
      sizeCalculation: (answer, key) => answer.body.length + key.length + answer.headers.reduce((sum, part) => sum + part.length, 0) + ENTRY_OVERHEAD_BYTES,
    });
  }

  keep(key: string, answer: StaleAnswer): void {
    // An answer larger than the whole cache would evict everything else and then not fit either.
    if (answer.body.length + ENTRY_OVERHEAD_BYTES > this.maxBytes) return;
    this.#entries.set(key, answer);
  }

  /** The answer kept for `key` if it is at most `maxStaleMs` old. */
  find(key: string, now: number, maxStaleMs: number): StaleAnswer | undefined {
    const answer = this.#entries.get(key);
    if (answer === undefined) return undefined;
    if (now - answer.storedAt > maxStaleMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return answer;
  }

  get size(): number {
    return this.#entries.size;
  }
}

/**
 * The key of a request for the stale cache: method and path with query, and the credentials it
 * carried (Authorization, Cookie), so one user's answer is never served to another.
 */
export function staleKey(method: string, path: string, rawHeaders: readonly string[]): string {
  let credentials = '';
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if ((name.length === 13 || name.length === 6) && /^(authorization|cookie)$/i.test(name)) credentials += `\n${name.toLowerCase()}:${rawHeaders[i + 1]!}`;
  }
  return `${method} ${path}${credentials}`;
}

/**
 * Whether a good answer may be kept: a 2xx to a GET or HEAD, not marked `no-store` or `private`
 * (an answer meant for no one else, RFC 9111), nor one that sets a cookie.
 */
export function isStorable(method: string, status: number, rawHeaders: readonly Buffer[]): boolean {
  if ((method !== 'GET' && method !== 'HEAD') || status < 200 || status >= 300) return false;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toString('latin1').toLowerCase();
    if (name === 'set-cookie') return false;
    if (name === 'cache-control' && /(^|[\s,])(no-store|private)\b/i.test(rawHeaders[i + 1]!.toString('latin1'))) return false;
  }
  return true;
}

/** The headers of an answer to keep: hop-by-hop ones (and those its Connection lists) removed. */
export function storedHeaders(rawHeaders: readonly Buffer[]): string[] {
  let listed: Set<string> | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toString('latin1').toLowerCase() === 'connection') listed = connectionListed(rawHeaders[i + 1]!.toString('latin1'));
  }
  const headers: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toString('latin1');
    const lower = name.toLowerCase();
    if (isHopByHop(lower) || listed?.has(lower) || lower === 'age') continue;
    headers.push(name, rawHeaders[i + 1]!.toString('latin1'));
  }
  return headers;
}

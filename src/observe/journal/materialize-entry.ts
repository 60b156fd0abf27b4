import { isUtf8 } from 'node:buffer';
import { redactJsonPrefix } from './redact-json-prefix.js';
import { ALWAYS_REDACTED_QUERY_PARAMS, redactUrl } from './redact-url.js';
import type { JournalBody, JournalEntry, JournalExchange, JournalSummary } from './journal.js';

export const REDACTED = '[redacted]';
/** Headers that carry credentials, redacted whatever the config says (`journal.redact.headers` adds more). */
const ALWAYS_REDACTED = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
  'x-amz-security-token',
];

/** What reading an entry applies: redaction and truncation. */
export interface ReadOptions {
  readonly maxBodyBytes: number;
  /** Lower-case header names, Authorization, Cookie and Set-Cookie included. */
  readonly redactHeaders: ReadonlySet<string>;
  /** JSON field names redacted at any depth. */
  readonly redactJsonFields: ReadonlySet<string>;
  /** Lower-case query parameter names whose values are redacted in the URL. */
  readonly redactQueryParams: ReadonlySet<string>;
}

export function readOptions(maxBodyBytes: number, headers: readonly string[], jsonFields: readonly string[], queryParams: readonly string[] = []): ReadOptions {
  return {
    maxBodyBytes,
    redactHeaders: new Set([...ALWAYS_REDACTED, ...headers.map((name) => name.toLowerCase())]),
    redactJsonFields: new Set(jsonFields),
    redactQueryParams: new Set([...ALWAYS_REDACTED_QUERY_PARAMS, ...queryParams.map((name) => name.toLowerCase())]),
  };
}

const sessionOf = (exchange: JournalExchange): string | undefined => {
  try {
    return exchange.identity?.sessionId;
  } catch {
    return undefined;
  }
};

export function summarize(id: number, exchange: JournalExchange): JournalSummary {
  const { applied } = exchange;
  const session = sessionOf(exchange);
  return {
    id: String(id),
    time: new Date(exchange.arrivedAtMs).toISOString(),
    method: exchange.method,
    path: exchange.path,
    status: exchange.status,
    matched: applied?.endpointId !== undefined,
    ...(applied?.endpointId !== undefined ? { endpointId: applied.endpointId } : {}),
    ...(session !== undefined ? { session } : {}),
    durationMs: round(exchange.completeMs),
    abandoned: exchange.abandoned,
  };
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

export function materializeEntry(id: number, exchange: JournalExchange, options: ReadOptions): JournalEntry {
  return { ...entryWithoutResponse(summarize(id, exchange), exchange, options), response: responsePart(exchange, options) };
}

function entryWithoutResponse(summary: JournalSummary, exchange: JournalExchange, options: ReadOptions): Omit<JournalEntry, 'response'> {
  const requestType = exchange.requestHeaders['content-type'];
  const requestBody = bodyOf(exchange.requestBody, typeof requestType === 'string' ? requestType : undefined, options, exchange.requestBodySizeBytes);
  return {
    ...summary,
    url: redactUrl(exchange.url, options.redactQueryParams, REDACTED),
    applied: exchange.applied ?? { delayMs: 0 },
    timings: { arrivedAt: summary.time, firstByteMs: round(exchange.firstByteMs), completeMs: round(exchange.completeMs) },
    request: { headers: requestHeaderRecord(exchange.requestHeaders, options), ...(requestBody ? { body: requestBody } : {}) },
  };
}

function responsePart(exchange: JournalExchange, options: ReadOptions): JournalEntry['response'] {
  const headers = responseHeaderRecord(exchange.responseHeaders, options);
  const contentType = headers['content-type'];
  const body = bodyOf(exchange.responseBody, typeof contentType === 'string' ? contentType : undefined, options, exchange.responseBodySizeBytes);
  return { headers, ...(body ? { body } : {}) };
}

/**
 * Serializes entries for SQLite. The response part is cached by reference: a prepared response
 * (a static stub's headers and body) is redacted and serialized once, not once per request.
 */
export function createEntrySerializer(options: ReadOptions): (exchange: JournalExchange, summary: JournalSummary) => string {
  let lastHeaders: readonly string[] | undefined;
  let lastBody: string | Buffer | undefined;
  let lastJson = '';
  return (exchange, summary) => {
    if (exchange.responseHeaders !== lastHeaders || exchange.responseBody !== lastBody || lastHeaders === undefined) {
      lastHeaders = exchange.responseHeaders;
      lastBody = exchange.responseBody;
      lastJson = JSON.stringify(responsePart(exchange, options));
    }
    const head = JSON.stringify(entryWithoutResponse(summary, exchange, options));
    return `${head.slice(0, -1)},"response":${lastJson}}`;
  };
}

function requestHeaderRecord(headers: JournalExchange['requestHeaders'], options: ReadOptions): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    out[name] = options.redactHeaders.has(name) ? REDACTED : Array.isArray(value) ? value.slice() : value;
  }
  return out;
}

function responseHeaderRecord(flat: readonly string[], options: ReadOptions): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const name = flat[i]!.toLowerCase();
    const value = options.redactHeaders.has(name) ? REDACTED : flat[i + 1]!;
    const existing = out[name];
    if (existing === undefined) out[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[name] = [existing, value];
  }
  return out;
}

const isJsonType = (contentType: string | undefined): boolean => contentType !== undefined && /[/+]json\b/i.test(contentType);

const REDACTED_JSON = JSON.stringify(REDACTED);

/**
 * Redacts configured JSON fields at any depth, then truncates at maxBodyBytes. `wholeSizeBytes`
 * above the body's length: the body is the start of a longer one (the rest was never kept).
 */
function bodyOf(body: string | Buffer | undefined, contentType: string | undefined, options: ReadOptions, wholeSizeBytes?: number): JournalBody | undefined {
  if (body === undefined || body.length === 0) return undefined;
  let bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const sizeBytes = Math.max(bytes.length, wholeSizeBytes ?? 0);
  const cut = sizeBytes > bytes.length;
  if (options.redactJsonFields.size > 0 && (isJsonType(contentType) || looksLikeJson(bytes))) {
    const text = bytes.toString('utf8');
    const redacted = cut ? redactJsonPrefix(text, options.redactJsonFields, REDACTED_JSON) : redactJson(text, options.redactJsonFields);
    // A whole body that is not JSON has no fields, and is shown as it is; the start of one that
    // could not be read as JSON cannot be told from JSON, so none of it is shown.
    if (redacted !== undefined) bytes = Buffer.from(redacted, 'utf8');
    else if (cut) return { encoding: 'utf8', data: unredactable(sizeBytes), sizeBytes, truncated: true };
  }
  const truncated = cut || bytes.length > options.maxBodyBytes;
  const kept = truncated ? bytes.subarray(0, options.maxBodyBytes) : bytes;
  // A cut through a multi-byte character still reads as text (with a replacement character).
  return isUtf8(bytes) || (cut && isUtf8(bytes.subarray(0, completeUtf8Length(bytes))))
    ? { encoding: 'utf8', data: kept.toString('utf8'), sizeBytes, truncated }
    : { encoding: 'base64', data: kept.toString('base64'), sizeBytes, truncated };
}

/** The length of `bytes` without a multi-byte character cut at its end. */
function completeUtf8Length(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte
    const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needs > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** What a journal entry shows of a cut body that should have been redacted and could not be. */
const unredactable = (sizeBytes: number): string => `[body of ${sizeBytes} bytes, truncated, not shown because it could not be redacted]`;

const looksLikeJson = (bytes: Buffer): boolean => {
  for (const byte of bytes) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    return byte === 0x7b || byte === 0x5b; // { or [
  }
  return false;
};

/** The JSON text with the named fields replaced, or undefined when it is not JSON. */
export function redactJson(text: string, fields: ReadonlySet<string>): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return JSON.stringify(redactValue(value, fields));
}

function redactValue(value: unknown, fields: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => redactValue(item, fields));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = fields.has(key) ? REDACTED : redactValue(inner, fields);
  return out;
}

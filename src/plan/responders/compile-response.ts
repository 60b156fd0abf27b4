import type { ConfigIssue, Endpoint, ResponseConfig, Result } from '../../config/index.js';
import type { ResilienceSpec } from '../upstreams/resilience-spec.js';
import type { ProxySpec } from '../upstreams/upstream-spec.js';
import { typedJsonTemplate } from '../templates/index.js';
import type { RenderTemplate } from '../templates/types.js';
import { inferContentType } from './content-type.js';
import type { OpenSequencePositions } from './sequence-cursors.js';
import type { PreparedResponse, Responder, TemplatedHeader } from './types.js';

/** What compiling a response needs from the outside: bodyFile contents and the template compiler. */
export interface ResponseCompileContext {
  /** Headers from `defaults`, under the response's own. */
  readonly defaultHeaders: Readonly<Record<string, string | string[]>> | undefined;
  /** Reads a bodyFile (already resolved against the declaring file's directory by the caller). */
  readonly readBodyFile: (relativePath: string) => Promise<Result<Buffer, string>>;
  readonly compileTemplate: (source: string) => Result<RenderTemplate, { message: string; line?: number; column?: number }>;
  /** Where a sequence keeps its positions (shared by workers); absent: in this Plan's memory. */
  readonly openSequence?: OpenSequencePositions;
  /** A proxied endpoint's policies and fallback (upstreams/compile-resilience); none when absent. */
  readonly compileResilience?: (endpoint: Endpoint, spec: ProxySpec, at: string) => Promise<Result<ResilienceSpec | undefined, ConfigIssue[]>>;
}

type HeaderPairs = [name: string, value: string][];

function headerPairs(
  defaults: Readonly<Record<string, string | string[]>> | undefined,
  own: Readonly<Record<string, string | string[]>> | undefined,
): HeaderPairs {
  // Response headers replace default headers of the same name (case-insensitive).
  const merged = new Map<string, string[]>();
  for (const source of [defaults, own]) {
    for (const [name, value] of Object.entries(source ?? {})) {
      merged.set(name.toLowerCase(), Array.isArray(value) ? value : [value]);
    }
  }
  const pairs: HeaderPairs = [];
  for (const [name, values] of merged) for (const value of values) pairs.push([name, value]);
  return pairs;
}

const flatten = (pairs: HeaderPairs): string[] => pairs.flatMap(([name, value]) => [name, value]);

/** Builds the wire form of a fixed response once: encoded body, content-length, content-type. */
export function prepareResponse(status: number, pairs: HeaderPairs, body: Buffer, isJson: boolean): PreparedResponse {
  const withType =
    pairs.some(([name]) => name === 'content-type') || body.length === 0
      ? pairs
      : [...pairs, ['content-type', inferContentType(body.toString('utf8'), isJson)] as [string, string]];
  const headers = flatten(withType.filter(([name]) => name !== 'content-length'));
  headers.push('content-length', String(body.length));
  return { status, headers, body: asTextWhenLossless(body) };
}

/** The body as a string when decoding and re-encoding it gives the same bytes, else the Buffer. */
function asTextWhenLossless(body: Buffer): string | Buffer {
  const text = body.toString('utf8');
  return Buffer.byteLength(text) === body.length && Buffer.from(text).equals(body) ? text : body;
}

async function bodySource(
  response: ResponseConfig,
  at: string,
  context: ResponseCompileContext,
): Promise<Result<{ body: Buffer; isJson: boolean }, ConfigIssue[]>> {
  if (response.json !== undefined) {
    return { ok: true, value: { body: Buffer.from(JSON.stringify(response.json)), isJson: true } };
  }
  if (response.bodyFile !== undefined) {
    const read = await context.readBodyFile(response.bodyFile);
    if (!read.ok) return { ok: false, error: [{ path: `${at}.bodyFile`, message: read.error }] };
    return { ok: true, value: { body: read.value, isJson: response.bodyFile.toLowerCase().endsWith('.json') } };
  }
  return { ok: true, value: { body: Buffer.from(response.body ?? ''), isJson: false } };
}

function templateIssue(path: string, error: { message: string; line?: number; column?: number }): ConfigIssue {
  const where = error.line === undefined ? '' : ` (template line ${error.line}${error.column === undefined ? '' : `, column ${error.column}`})`;
  return { path, message: `template does not compile: ${error.message}${where}` };
}

/** Compiles one `response` block into a static or templated responder. `at` is its config path. */
export async function compileResponse(response: ResponseConfig, at: string, context: ResponseCompileContext): Promise<Result<Responder, ConfigIssue[]>> {
  const status = response.status ?? 200;
  const source = await bodySource(response, at, context);
  if (!source.ok) return source;
  const pairs = headerPairs(context.defaultHeaders, response.headers);
  if (response.template !== true) {
    return { ok: true, value: { type: 'static', response: prepareResponse(status, pairs, source.value.body, source.value.isJson) } };
  }

  const issues: ConfigIssue[] = [];
  // A `json:` template: each leaf that is one `{{…}}` renders as a typed JSON value.
  const bodyText = response.json !== undefined ? typedJsonTemplate(response.json) : source.value.body.toString('utf8');
  const bodyPath = response.json !== undefined ? `${at}.json` : response.bodyFile !== undefined ? `${at}.bodyFile` : `${at}.body`;
  const body = context.compileTemplate(bodyText);
  if (!body.ok) issues.push(templateIssue(bodyPath, body.error));

  const staticPairs: HeaderPairs = [];
  const templatedHeaders: TemplatedHeader[] = [];
  for (const [name, value] of pairs) {
    if (name === 'content-length') continue;
    if (!value.includes('{{')) {
      staticPairs.push([name, value]);
      continue;
    }
    const render = context.compileTemplate(value);
    if (render.ok) templatedHeaders.push({ name, render: render.value });
    else issues.push(templateIssue(`${at}.headers.${name}`, render.error));
  }
  if (!staticPairs.some(([name]) => name === 'content-type') && !templatedHeaders.some((h) => h.name === 'content-type')) {
    // Infer from the template text: a template that looks like JSON renders JSON.
    staticPairs.push(['content-type', inferContentType(bodyText.replace(/\{\{[^}]*\}\}/g, '0'), source.value.isJson)]);
  }
  if (!body.ok || issues.length > 0) return { ok: false, error: issues };
  return {
    ok: true,
    value: {
      type: 'template',
      response: { status, staticHeaders: flatten(staticPairs), templatedHeaders, body: body.value },
    },
  };
}

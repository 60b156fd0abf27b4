import type { Endpoint, ResponseConfig } from '../../config/index.js';
import { translateTemplate } from '../foreign/index.js';
import type { ImportWarning } from '../import-types.js';
import { wiremockDialect } from './wiremock-dialect.js';

type Json = Record<string, unknown>;
type Behavior = Pick<Endpoint, 'latency' | 'errors'>;

export interface ResponseContext {
  at: string;
  warnings: ImportWarning[];
  /** A `bodyFileName`'s text, looked up in the input's files; undefined when absent. */
  readBodyFile(name: string): { path: string; text: string } | undefined;
  /** Registers a body file the writer puts beside the config; returns the path to use as `bodyFile`. */
  addBodyFile(path: string, text: string): string;
  pathParams: ReadonlySet<string>;
}

const KNOWN = new Set([
  'status',
  'statusMessage',
  'headers',
  'body',
  'jsonBody',
  'base64Body',
  'bodyFileName',
  'transformers',
  'transformerParameters',
  'fixedDelayMilliseconds',
  'delayDistribution',
  'chunkedDribbleDelay',
  'fault',
  'proxyBaseUrl',
  'additionalProxyRequestHeaders',
  'removeProxyRequestHeaders',
  'proxyUrlPrefixToRemove',
  'fromConfiguredStub',
]);

const FAULTS: Readonly<Record<string, NonNullable<Endpoint['errors']>[number]>> = {
  // WireMock resets before sending a byte; our `reset` sends the head and half the body first, so
  // `empty` (closed without a response byte) is what the client sees alike: no response at all.
  CONNECTION_RESET_BY_PEER: { rate: 1, kind: 'empty' },
  EMPTY_RESPONSE: { rate: 1, kind: 'empty' },
  MALFORMED_RESPONSE_CHUNK: { rate: 1, kind: 'corrupt', garbage: 64 },
  RANDOM_DATA_THEN_CLOSE: { rate: 1, kind: 'corrupt', garbage: 1024 },
};

/** A WireMock response definition as our response plus latency and fault blocks. */
export function convertResponse(response: Json, context: ResponseContext): { response: ResponseConfig; behavior: Behavior } {
  const { at, warnings } = context;
  const out: ResponseConfig = {};
  if (response.status !== undefined && response.status !== 200) out.status = Number(response.status);
  if (response.statusMessage !== undefined)
    warnings.push({ source: `${at}.statusMessage`, message: 'the reason phrase is not set (Node sends the standard one)' });
  const transformers = Array.isArray(response.transformers) ? (response.transformers as unknown[]).map(String) : [];
  for (const name of transformers) {
    if (name !== 'response-template') warnings.push({ source: `${at}.transformers`, message: `transformer "${name}" has no equivalent: ignored` });
  }
  const templated = transformers.includes('response-template');
  const dialect = wiremockDialect(context.pathParams);
  let usesTemplate = false;
  const template = (text: string, where: string): string => {
    const translated = translateTemplate(text, dialect);
    if (!translated.hasMustaches) return text;
    if (translated.syntaxError !== undefined) {
      warnings.push({ source: where, message: `not a valid Handlebars template (${translated.syntaxError}): {{ }} escaped and served as written` });
      return text.replace(/\{\{/g, '\\{{');
    }
    if (!templated && !usesTemplate)
      warnings.push({ source: at, message: 'has {{ }} but no "response-template" transformer: imported as a template (as with --global-response-templating)' });
    for (const what of translated.unsupported)
      warnings.push({ source: where, message: `template helper or value "${what}" has no equivalent: that expression is served as literal text` });
    usesTemplate = true;
    return translated.text;
  };
  const headers = response.headers as Json | undefined;
  if (headers !== undefined && headers !== null && typeof headers === 'object') {
    out.headers = {};
    for (const [name, value] of Object.entries(headers)) {
      out.headers[name] = Array.isArray(value)
        ? value.map((v, i) => template(String(v), `${at}.headers.${name}[${i}]`))
        : template(String(value), `${at}.headers.${name}`);
    }
  }
  if (typeof response.body === 'string') out.body = template(response.body, `${at}.body`);
  else if (response.jsonBody !== undefined) out.json = mapStrings(response.jsonBody, (text, path) => template(text, `${at}.jsonBody${path}`));
  else if (typeof response.base64Body === 'string') {
    const bytes = Buffer.from(response.base64Body, 'base64');
    const text = decodeUtf8(bytes);
    if (text === undefined)
      warnings.push({ source: `${at}.base64Body`, message: `binary body (${bytes.length} bytes) cannot be held in a config: served without a body` });
    else out.body = text;
  } else if (typeof response.bodyFileName === 'string') {
    const found = context.readBodyFile(response.bodyFileName);
    if (found === undefined) {
      warnings.push({ source: `${at}.bodyFileName`, message: `"${response.bodyFileName}" is not among the input files (__files/): served without a body` });
    } else {
      const text = template(found.text, `${at}.bodyFileName`);
      out.bodyFile = context.addBodyFile(found.path, text);
    }
  }
  if (usesTemplate) out.template = true;
  for (const key of Object.keys(response)) {
    if (!KNOWN.has(key)) warnings.push({ source: `${at}.${key}`, message: 'unknown response field: ignored' });
  }
  return { response: out, behavior: convertBehavior(response, at, warnings) };
}

export function convertBehavior(response: Json, at: string, warnings: ImportWarning[]): Behavior {
  const behavior: Behavior = {};
  const fixedMs = typeof response.fixedDelayMilliseconds === 'number' ? response.fixedDelayMilliseconds : undefined;
  const distribution = response.delayDistribution as Json | undefined;
  const ms = (n: unknown) => `${Number(n)}ms`;
  if (distribution !== undefined) {
    const shift = fixedMs ?? 0;
    if (distribution.type === 'lognormal' && typeof distribution.median === 'number' && typeof distribution.sigma === 'number') {
      behavior.latency = { lognormal: { median: ms(distribution.median + shift), sigma: distribution.sigma } };
      if (shift > 0) warnings.push({ source: `${at}.fixedDelayMilliseconds`, message: 'added to the lognormal median (WireMock adds it to every sample)' });
      if (typeof distribution.maxValue === 'number') behavior.latency.max = ms(distribution.maxValue + shift);
    } else if (distribution.type === 'uniform' && typeof distribution.lower === 'number' && typeof distribution.upper === 'number') {
      behavior.latency = { uniform: { min: ms(distribution.lower + shift), max: ms(distribution.upper + shift) } };
    } else if (distribution.type === 'fixed' && typeof distribution.milliseconds === 'number') {
      behavior.latency = { fixed: ms(distribution.milliseconds + shift) };
    } else {
      warnings.push({ source: `${at}.delayDistribution`, message: `distribution ${JSON.stringify(distribution.type)} is not understood: no delay` });
    }
  } else if (fixedMs !== undefined) {
    behavior.latency = { fixed: ms(fixedMs) };
  }
  const dribble = response.chunkedDribbleDelay as Json | undefined;
  const errors: NonNullable<Endpoint['errors']> = [];
  if (dribble !== undefined && typeof dribble.totalDuration === 'number') {
    const chunks = Math.max(2, Math.floor(Number(dribble.numberOfChunks ?? 2)));
    if (Number(dribble.numberOfChunks) < 2) warnings.push({ source: `${at}.chunkedDribbleDelay`, message: 'fewer than 2 chunks: sent in 2' });
    errors.push({ rate: 1, kind: 'dribble', chunks, over: ms(dribble.totalDuration) });
  }
  if (response.fault !== undefined) {
    const fault = FAULTS[String(response.fault)];
    if (fault === undefined) warnings.push({ source: `${at}.fault`, message: `fault ${JSON.stringify(response.fault)} is not understood: ignored` });
    else {
      // Rates of one list sum to at most 1, and a broken connection leaves nothing to dribble.
      errors.splice(0, errors.length, fault);
      if (response.fault === 'RANDOM_DATA_THEN_CLOSE')
        warnings.push({ source: `${at}.fault`, message: 'imported as a status line followed by 1 KiB of random bytes (corrupt), not raw bytes on the socket' });
    }
  }
  if (errors.length > 0) behavior.errors = errors;
  return behavior;
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** A JSON value with every string passed through `map` (with its path, for warnings). */
export function mapStrings(value: unknown, map: (text: string, path: string) => string, path = ''): unknown {
  if (typeof value === 'string') return map(value, path);
  if (Array.isArray(value)) return value.map((item, i) => mapStrings(item, map, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map, `${path}.${key}`)]));
  }
  return value;
}

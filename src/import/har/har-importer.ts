import type { Config, Endpoint, HttpMethod, LatencyConfig, ResponseConfig } from '../../config/index.js';
import { HttpMethods } from '../../config/index.js';
import { fitLatency, type FittedLatency } from '../../distributions/index.js';
import { createIdAllocator, disableShadowed, literalPath, parseJsonInput } from '../foreign/index.js';
import type { Importer, ImportInput, ImportResult, ImportWarning, SkippedItem } from '../import-types.js';
import { createBinaryBodies, DEFAULT_BINARY_LIMITS, isBase64, type BinaryBodies } from './binary-bodies.js';
import { inferPathTemplate } from './infer-path-template.js';

type Json = Record<string, unknown>;

/** An endpoint's own latency is fitted from this many timings or more; fewer share the file's fit. */
export const MIN_SAMPLES_PER_ENDPOINT = 5;

/** Headers about the recorded transfer, not the answer: Mimicus sets its own. */
const TRANSFER_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date', 'content-encoding', 'age']);

const isHar = (document: unknown): document is { log: Json } =>
  document !== null &&
  typeof document === 'object' &&
  typeof (document as Json).log === 'object' &&
  Array.isArray(((document as Json).log as Json | null)?.entries);

interface Recorded {
  source: string;
  method: HttpMethod;
  path: string;
  host: string;
  query: [string, string][];
  response: ResponseConfig;
  delayMs: number | undefined;
}

/**
 * A HAR 1.2 recording as a Mimicus config: entries are grouped into endpoints by method and a path
 * template inferred from id-like segments; requests that differ in their concrete path or query
 * get an endpoint each (a literal path beats the template), the template answers the rest; the
 * distinct responses one request got, in order, become a sequence; the timings (`timings.wait`,
 * the server's time to first byte) are fitted with `fitLatency`.
 */
export const harImporter: Importer = {
  format: 'har',
  detect: (document) => isHar(document),
  run(input: ImportInput) {
    const parsed = parseJsonInput(input.main);
    if (!parsed.ok) return parsed;
    if (!isHar(parsed.value)) return { ok: false, error: [{ source: input.main.path, message: 'not a HAR file (log.entries[])' }] };
    const warnings: ImportWarning[] = [];
    const skipped: SkippedItem[] = [];
    const recorded: Recorded[] = [];
    const binary = binaryBodiesOf(input.options);
    (parsed.value.log.entries as unknown[]).forEach((entry, i) => {
      const converted = convertEntry(entry as Json, `log.entries[${i}]`, warnings, binary);
      if (typeof converted === 'string') skipped.push({ source: `log.entries[${i}]`, reason: converted });
      else recorded.push(converted);
    });
    const hosts = [...new Set(recorded.map((r) => r.host))].sort();
    if (hosts.length > 1)
      warnings.push({
        source: 'log.entries',
        message: `requests to ${hosts.length} hosts (${hosts.slice(0, 5).join(', ')}${hosts.length > 5 ? ', …' : ''}) are all served on one server`,
      });
    const groups = new Map<string, Recorded[]>();
    for (const entry of recorded) {
      const key = `${entry.method} ${inferPathTemplate(entry.path).template}`;
      const group = groups.get(key) ?? [];
      group.push(entry);
      groups.set(key, group);
    }
    const fileFit = fitLatency(recorded.flatMap((r) => (r.delayMs === undefined ? [] : [r.delayMs])));
    const endpoints: Endpoint[] = [];
    const sources: string[] = [];
    const allocate = createIdAllocator();
    let usesFileFit = false;
    for (const [key, group] of groups) {
      const method = group[0]!.method;
      const { template, params } = inferPathTemplate(group[0]!.path);
      const samples = group.flatMap((r) => (r.delayMs === undefined ? [] : [r.delayMs]));
      const fit = samples.length >= MIN_SAMPLES_PER_ENDPOINT ? fitLatency(samples) : undefined;
      if (fit === undefined && samples.length > 0) usesFileFit = true;
      const signatures = new Map<string, Recorded[]>();
      for (const entry of group) {
        const signature = JSON.stringify([entry.path, entry.query]);
        signatures.set(signature, [...(signatures.get(signature) ?? []), entry]);
      }
      const variants = [...signatures.values()];
      const add = (path: string, entries: Recorded[], query: [string, string][], label: string) => {
        const endpoint: Endpoint = {
          id: allocate(label),
          ...(fit !== undefined ? { description: describeFit(fit) } : {}),
          method,
          path,
          ...(query.length > 0 ? { match: { query: queryMatch(query) } } : {}),
          ...(fit !== undefined ? { latency: fit.latency as LatencyConfig } : {}),
          ...answerOf(entries),
        };
        endpoints.push(endpoint);
        sources.push(entries[0]!.source);
      };
      const only = variants.length === 1 ? variants[0]! : undefined;
      if (only !== undefined && only[0]!.query.length === 0) {
        add(template, only, [], key);
        continue;
      }
      // Each recorded request keeps its own answers (a literal path outranks the template, a query
      // predicate an endpoint without one); the template answers requests never recorded.
      for (const entries of variants) {
        const first = entries[0]!;
        if (params.length === 0 && first.query.length === 0) continue;
        const label = `${method} ${first.path}${first.query.map(([k, v]) => ` ${k}-${v}`).join('')}`;
        add(params.length > 0 ? literalPath(first.path) : template, entries, first.query, label);
      }
      add(template, variants.find((entries) => entries[0]!.query.length === 0) ?? variants[0]!, [], key);
    }
    disableShadowed(endpoints, sources, 'first', warnings);
    const config: Config = { version: 2 };
    if (usesFileFit && fileFit !== undefined) {
      config.defaults = { latency: fileFit.latency as LatencyConfig };
      warnings.push({
        source: 'log.entries',
        message: `endpoints with fewer than ${MIN_SAMPLES_PER_ENDPOINT} timings use the whole recording's fit in defaults.latency (${describeFit(fileFit)})`,
      });
    }
    config.endpoints = endpoints;
    const result: ImportResult = { format: 'har', config, warnings, skipped, bodyFiles: new Map(binary?.files ?? []) };
    return { ok: true, value: result };
  },
};

/**
 * Binary bodies become body files only for a caller that writes them beside the config
 * (`options.bodyFiles: true`, as `mimicus import --out` does); an import held in memory (`serve
 * recording.har`, the admin API) has nowhere to put them. `maxBinaryBodyBytes`,
 * `maxBinaryTotalBytes` and `maxBinaryFiles` lower the bounds (never raise them).
 */
function binaryBodiesOf(options: Readonly<Record<string, unknown>>): BinaryBodies | undefined {
  if (options.bodyFiles !== true) return undefined;
  const bound = (value: unknown, fallback: number) => (typeof value === 'number' && value >= 0 ? Math.min(value, fallback) : fallback);
  return createBinaryBodies({
    maxBodyBytes: bound(options.maxBinaryBodyBytes, DEFAULT_BINARY_LIMITS.maxBodyBytes),
    maxTotalBytes: bound(options.maxBinaryTotalBytes, DEFAULT_BINARY_LIMITS.maxTotalBytes),
    maxFiles: bound(options.maxBinaryFiles, DEFAULT_BINARY_LIMITS.maxFiles),
  });
}

function describeFit(fit: FittedLatency): string {
  if (fit.kind === 'fixed') return `latency from ${fit.samples} recorded timing${fit.samples === 1 ? '' : 's'}`;
  return `latency fitted to ${fit.samples} recorded timings: ${fit.kind} (KS D=${fit.ksDistance}, critical ${fit.ksCritical} at α=0.05)`;
}

function queryMatch(query: [string, string][]): Record<string, string | { all: string[] }> {
  const out: Record<string, string | { all: string[] }> = {};
  for (const [name, value] of query) {
    const existing = out[name];
    if (existing === undefined) out[name] = value;
    else out[name] = { all: [...(typeof existing === 'string' ? [existing] : existing.all), value] };
  }
  return out;
}

/** The distinct responses of these entries, in order: one response, or a sequence ending on the last. */
function answerOf(entries: Recorded[]): Pick<Endpoint, 'response' | 'sequence'> {
  const distinct: ResponseConfig[] = [];
  let previous: string | undefined;
  for (const entry of entries) {
    const key = JSON.stringify(entry.response);
    if (key !== previous) distinct.push(entry.response);
    previous = key;
  }
  return distinct.length === 1 ? { response: distinct[0]! } : { sequence: { responses: distinct, after: 'last' } };
}

function convertEntry(entry: Json, at: string, warnings: ImportWarning[], binary: BinaryBodies | undefined): Recorded | string {
  const request = (entry?.request ?? {}) as Json;
  const response = (entry?.response ?? {}) as Json;
  const method = String(request.method ?? '').toUpperCase();
  if (!(HttpMethods as readonly string[]).includes(method) || method === 'CONNECT') return `method ${JSON.stringify(request.method)} is not one we serve`;
  const status = Number(response.status);
  if (!Number.isInteger(status) || status < 100 || status > 599) return `no response was recorded (status ${String(response.status)})`;
  let url: URL;
  try {
    url = new URL(String(request.url));
  } catch {
    return `the URL ${JSON.stringify(String(request.url).slice(0, 200))} does not parse`;
  }
  const query = [...url.searchParams].filter(([name]) => name !== '').sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: ResponseConfig = {};
  if (status !== 200) out.status = status;
  const headers = Array.isArray(response.headers) ? (response.headers as Json[]) : [];
  for (const header of headers) {
    const name = String(header?.name ?? '');
    if (name === '' || name.startsWith(':') || TRANSFER_HEADERS.has(name.toLowerCase())) continue;
    const value = String(header.value ?? '');
    const existing = (out.headers ??= {})[name];
    out.headers[name] = existing === undefined ? value : [existing, value].flat();
  }
  const content = (response.content ?? {}) as Json;
  if (typeof content.text === 'string' && content.text !== '') {
    if (content.encoding === 'base64') {
      if (!isBase64(content.text)) return 'content.text says encoding "base64" but is not base64';
      const bytes = Buffer.from(content.text, 'base64');
      const text = decodeUtf8(bytes);
      if (text !== undefined) out.body = text;
      else if (binary === undefined) {
        warnings.push({
          source: `${at}.response.content`,
          message: `binary body (${bytes.length} bytes) cannot be held in a config: served without a body (\`mimicus import --out\` keeps it in a body file)`,
        });
      } else {
        const mimeType = typeof content.mimeType === 'string' ? content.mimeType : '';
        const kept = binary.add(content.text, mimeType);
        if (!kept.ok) return kept.reason;
        out.bodyFile = kept.bodyFile;
        if (mimeType !== '' && !Object.keys(out.headers ?? {}).some((name) => name.toLowerCase() === 'content-type'))
          (out.headers ??= {})['content-type'] = mimeType;
      }
    } else out.body = content.text;
  }
  const timings = (entry.timings ?? {}) as Json;
  const wait = Number(timings.wait);
  const total = Number(entry.time);
  const delayMs = Number.isFinite(wait) && wait >= 0 ? wait : Number.isFinite(total) && total >= 0 ? total : undefined;
  return { source: at, method: method as HttpMethod, path: url.pathname, host: url.host, query, response: out, delayMs };
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

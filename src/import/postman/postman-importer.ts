import type { Config, Endpoint, HttpMethod, RequestMatch, ResponseConfig } from '../../config/index.js';
import { HttpMethods } from '../../config/index.js';
import { createIdAllocator, disableShadowed, parseJsonInput } from '../foreign/index.js';
import type { Importer, ImportInput, ImportResult, ImportWarning, SkippedItem } from '../import-types.js';

type Json = Record<string, unknown>;

const isCollection = (document: unknown): document is Json => {
  if (document === null || typeof document !== 'object') return false;
  const info = (document as Json).info as Json | undefined;
  return typeof info?.schema === 'string' && /getpostman\.com\/json\/collection\/v2\.[01]/.test(info.schema) && Array.isArray((document as Json).item);
};

/** Folders nest this deep at most; deeper ones are reported (a hostile file could nest thousands). */
const MAX_FOLDER_DEPTH = 32;

/** Headers that describe the recorded transfer, not the answer: Mimicus sets its own. */
const TRANSFER_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date', 'content-encoding']);

interface Example {
  request: Json;
  response: Json;
  source: string;
  name: string;
}

/**
 * A Postman collection (v2.0 / v2.1) as a Mimicus config: every saved example is an endpoint
 * answering with the example's status, headers and body, on the example's method and path
 * (`:id` and `{{var}}` segments become parameters). As in Postman's mock servers, the first
 * example of a request answers by default and the others answer when the request's query matches
 * theirs or it names them with `x-mock-response-name` (or `x-mock-response-code`).
 */
export const postmanImporter: Importer = {
  format: 'postman',
  detect: (document) => isCollection(document),
  run(input: ImportInput) {
    const parsed = parseJsonInput(input.main);
    if (!parsed.ok) return parsed;
    if (!isCollection(parsed.value))
      return { ok: false, error: [{ source: input.main.path, message: 'not a Postman collection v2.0 / v2.1 (info.schema and item[])' }] };
    const collection = parsed.value;
    const variables = new Map<string, string>();
    for (const variable of Array.isArray(collection.variable) ? (collection.variable as Json[]) : []) {
      if (typeof variable?.key === 'string' && typeof variable.value === 'string') variables.set(variable.key, variable.value);
    }
    const warnings: ImportWarning[] = [];
    const skipped: SkippedItem[] = [];
    const examples: Example[] = [];
    collectExamples(collection.item as Json[], 'item', 0, examples, skipped);
    const endpoints: Endpoint[] = [];
    const sources: string[] = [];
    const allocate = createIdAllocator();
    const usedMatches = new Map<string, Set<string>>();
    for (const example of examples) {
      const method = String(example.request.method ?? 'GET').toUpperCase();
      if (!(HttpMethods as readonly string[]).includes(method)) {
        skipped.push({ source: example.source, reason: `method ${JSON.stringify(method)} is not one we serve` });
        continue;
      }
      const url = urlParts(example.request.url, variables);
      const routeKey = `${method} ${url.path.replace(/\{[^}]*\}/g, '{}')}`;
      const used = usedMatches.get(routeKey) ?? new Set<string>();
      usedMatches.set(routeKey, used);
      const match: RequestMatch = {};
      if (url.query.length > 0) match.query = Object.fromEntries(url.query);
      if (used.has(JSON.stringify(match))) {
        match.any = [{ headers: { 'x-mock-response-name': example.name } }, { headers: { 'x-mock-response-code': String(example.response.code ?? 200) } }];
      }
      used.add(JSON.stringify(match));
      const endpoint: Endpoint = {
        id: allocate(`${example.request.__itemName ?? ''} ${example.name}`),
        description: `${String(example.request.__itemName ?? '')} — example "${example.name}"`,
        method: method as HttpMethod,
        path: url.path,
        ...(Object.keys(match).length > 0 ? { match } : {}),
        response: convertResponse(example.response),
      };
      if (url.dropped.length > 0)
        warnings.push({ source: example.source, message: `query parameters with variables (${url.dropped.join(', ')}) are not matched` });
      endpoints.push(endpoint);
      sources.push(example.source);
    }
    disableShadowed(endpoints, sources, 'first', warnings);
    const config: Config = { version: 2, endpoints };
    const result: ImportResult = { format: 'postman', config, warnings, skipped, bodyFiles: new Map() };
    return { ok: true, value: result };
  },
};

function collectExamples(items: Json[], at: string, depth: number, out: Example[], skipped: SkippedItem[]): void {
  items.forEach((item, i) => {
    const where = `${at}[${i}]`;
    if (item === null || typeof item !== 'object') return;
    if (Array.isArray(item.item)) {
      if (depth >= MAX_FOLDER_DEPTH) skipped.push({ source: where, reason: `folders nested more than ${MAX_FOLDER_DEPTH} deep` });
      else collectExamples(item.item as Json[], `${where}.item`, depth + 1, out, skipped);
      return;
    }
    const responses = Array.isArray(item.response) ? (item.response as Json[]) : [];
    if (responses.length === 0) {
      skipped.push({ source: where, reason: `request "${String(item.name ?? '')}" has no saved example to answer with` });
      return;
    }
    const request = (typeof item.request === 'string' ? { url: item.request } : (item.request ?? {})) as Json;
    responses.forEach((response, k) => {
      const original = (response?.originalRequest ?? {}) as Json;
      const merged: Json = { ...request, ...original, url: original.url ?? request.url, method: original.method ?? request.method, __itemName: item.name };
      out.push({ request: merged, response: response ?? {}, source: `${where}.response[${k}]`, name: String(response?.name ?? `example ${k + 1}`) });
    });
  });
}

/** The path template and literal query of a Postman URL (a string or `{ raw, path, query, variable }`). */
function urlParts(url: unknown, variables: ReadonlyMap<string, string>): { path: string; query: [string, string][]; dropped: string[] } {
  let segments: string[];
  let query: [string, string][] = [];
  if (url !== null && typeof url === 'object' && Array.isArray((url as Json).path)) {
    segments = ((url as Json).path as unknown[]).map((s) => (typeof s === 'string' ? s : String((s as Json)?.value ?? '')));
    query = (Array.isArray((url as Json).query) ? ((url as Json).query as Json[]) : [])
      .filter((q) => q?.disabled !== true && typeof q?.key === 'string')
      .map((q) => [String(q.key), String(q.value ?? '')]);
  } else {
    const raw = typeof url === 'string' ? url : String((url as Json | null)?.raw ?? '/');
    const withoutHost = raw.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/^\{\{[^}]+\}\}/, '');
    const [path, search] = withoutHost.split('?', 2) as [string, string | undefined];
    segments = path.split('/').filter((s) => s !== '');
    if (search !== undefined) query = [...new URLSearchParams(search)];
  }
  let n = 0;
  const path = `/${segments
    .filter((s) => s !== '')
    .map((segment) => {
      if (/^:[A-Za-z_][\w]*$/.test(segment)) return `{${segment.slice(1)}}`;
      const whole = /^\{\{([^}]+)\}\}$/.exec(segment);
      if (whole) return variables.get(whole[1]!) ?? `{${whole[1]!.replace(/[^A-Za-z0-9_]/g, '_')}}`;
      const substituted = segment.replace(/\{\{([^}]+)\}\}/g, (all, name: string) => variables.get(name) ?? all);
      return /[{}*]/.test(substituted) ? `{v${n++}:.*}` : substituted;
    })
    .join('/')}`;
  const dropped = query.filter(([, value]) => value.includes('{{')).map(([key]) => key);
  return { path, query: query.filter(([, value]) => !value.includes('{{')), dropped };
}

function convertResponse(response: Json): ResponseConfig {
  const out: ResponseConfig = {};
  const code = Number(response.code ?? 200);
  if (code !== 200 && code >= 100 && code <= 599) out.status = code;
  const headers = Array.isArray(response.header) ? (response.header as Json[]) : [];
  const kept = headers.filter((h) => typeof h?.key === 'string' && h.disabled !== true && !TRANSFER_HEADERS.has(String(h.key).toLowerCase()));
  if (kept.length > 0) {
    out.headers = {};
    for (const header of kept) {
      const name = String(header.key);
      const existing = out.headers[name];
      const value = String(header.value ?? '');
      out.headers[name] = existing === undefined ? value : [existing, value].flat();
    }
  }
  if (typeof response.body === 'string' && response.body !== '') out.body = response.body;
  return out;
}

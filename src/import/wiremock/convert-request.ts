import type { Endpoint, HttpMethod, Predicate, RequestMatch } from '../../config/index.js';
import { HttpMethods } from '../../config/index.js';
import { escapeRegex, literalPath, pathFromRegex } from '../foreign/index.js';
import type { ImportWarning } from '../import-types.js';
import { convertMatcher } from './convert-matcher.js';

type Json = Record<string, unknown>;

export interface ConvertedRequest {
  method: Endpoint['method'];
  path: string;
  match?: RequestMatch;
  /** Parameter names of the path template (for `request.path.<name>` in templates). */
  pathParams: Set<string>;
}

const KNOWN = new Set([
  'method',
  'url',
  'urlPath',
  'urlPattern',
  'urlPathPattern',
  'urlPathTemplate',
  'pathParameters',
  'queryParameters',
  'headers',
  'cookies',
  'bodyPatterns',
  'basicAuthCredentials',
  'formParameters',
  'customMatcher',
  'host',
  'port',
  'scheme',
  'multipartPatterns',
]);

/** A WireMock request pattern as our method, path template and match; undefined when it cannot be served. */
export function convertRequest(request: Json, at: string, warnings: ImportWarning[]): ConvertedRequest | undefined | string {
  const converted = convertMethod(request.method);
  if (typeof converted === 'string' && converted.startsWith('!')) return converted.slice(1);
  const method = converted as Endpoint['method'];
  const match: RequestMatch = {};
  const pathParams = new Set<string>();
  let path = '/**';
  if (typeof request.url === 'string') {
    const [bare, query] = splitQuery(request.url);
    path = literalPath(bare);
    if (query !== undefined) {
      match.query = {};
      for (const pair of new URLSearchParams(query)) match.query[pair[0]] = pair[1];
      warnings.push({ source: `${at}.url`, message: 'the query string is matched parameter by parameter (other parameters and their order are accepted)' });
    }
  } else if (typeof request.urlPath === 'string') {
    path = literalPath(request.urlPath);
  } else if (typeof request.urlPathTemplate === 'string') {
    path = templatePath(request.urlPathTemplate, (request.pathParameters ?? {}) as Json, pathParams, `${at}.pathParameters`, warnings);
  } else if (typeof request.urlPathPattern === 'string' || typeof request.urlPattern === 'string') {
    const key = typeof request.urlPathPattern === 'string' ? 'urlPathPattern' : 'urlPattern';
    let source = String(request[key]);
    if (key === 'urlPattern') {
      const cut = source.search(/\\\?|\[\?\]/);
      if (cut !== -1) {
        warnings.push({ source: `${at}.urlPattern`, message: 'the query part of the pattern is not matched (only the path)' });
        source = `${source.slice(0, cut)}$`;
      }
    }
    // WireMock matches the whole path (Java's Matcher.matches): the pattern is anchored at both ends.
    const template = pathFromRegex(`${source.startsWith('^') ? '' : '^'}${source}${source.endsWith('$') ? '' : '$'}`);
    if (template === undefined) return `${key} ${JSON.stringify(source)} has no path template equivalent`;
    path = template.path;
    if (!template.exact) warnings.push({ source: `${at}.${key}`, message: `approximated by the path template ${template.path} (matches more)` });
  } else if (request.url === undefined && request.urlPath === undefined) {
    path = '/**';
  }
  addPredicates(match, 'query', request.queryParameters, `${at}.queryParameters`, warnings);
  addPredicates(match, 'headers', request.headers, `${at}.headers`, warnings);
  addPredicates(match, 'cookies', request.cookies, `${at}.cookies`, warnings);
  const body: Predicate[] = [];
  if (Array.isArray(request.bodyPatterns)) {
    request.bodyPatterns.forEach((pattern, i) => {
      const predicate = convertMatcher(pattern, `${at}.bodyPatterns[${i}]`, warnings);
      if (predicate !== undefined) body.push(predicate);
    });
  }
  addFormParameters(request.formParameters, body, `${at}.formParameters`, warnings);
  if (body.length === 1) match.body = body[0]!;
  else if (body.length > 1) match.body = { all: body };
  const credentials = request.basicAuthCredentials as Json | undefined;
  if (credentials !== undefined) {
    const token = Buffer.from(`${String(credentials.username ?? '')}:${String(credentials.password ?? '')}`, 'utf8').toString('base64');
    (match.headers ??= {}).authorization = `Basic ${token}`;
  }
  addCustomMatcher(match, request.customMatcher, `${at}.customMatcher`, warnings);
  for (const key of ['host', 'port', 'scheme', 'multipartPatterns']) {
    if (request[key] !== undefined)
      warnings.push({
        source: `${at}.${key}`,
        message: `not matched here (one server answers every ${key === 'multipartPatterns' ? 'multipart body' : key}): condition left out`,
      });
  }
  for (const key of Object.keys(request)) {
    if (!KNOWN.has(key)) warnings.push({ source: `${at}.${key}`, message: 'unknown request field: ignored' });
  }
  return { method, path, ...(Object.keys(match).length > 0 ? { match } : {}), pathParams };
}

/** "GET" → GET, "ANY"/absent → "*"; "!reason" for a method we cannot serve. */
function convertMethod(method: unknown): Endpoint['method'] | `!${string}` {
  if (method === undefined || method === 'ANY') return '*';
  const upper = String(method).toUpperCase();
  return (HttpMethods as readonly string[]).includes(upper) ? (upper as HttpMethod) : `!method ${JSON.stringify(method)} is not one we serve`;
}

function splitQuery(url: string): [string, string | undefined] {
  const i = url.indexOf('?');
  return i === -1 ? [url, undefined] : [url.slice(0, i), url.slice(i + 1)];
}

/** `/contacts/{contactId}` with `pathParameters`: equalTo becomes literal text, matches a constraint. */
function templatePath(template: string, matchers: Json, names: Set<string>, at: string, warnings: ImportWarning[]): string {
  const bare = template.split('?')[0]!;
  return bare.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const m = matchers[name] as Json | undefined;
    if (m === undefined) {
      names.add(name);
      return whole;
    }
    if (typeof m.equalTo === 'string') return m.equalTo.replace(/[{}*]/g, (c) => `{x:\\${c}}`);
    if (typeof m.matches === 'string' && !m.matches.includes('/') && !m.matches.includes('}')) {
      names.add(name);
      return `{${name}:${m.matches}}`;
    }
    if (typeof m.contains === 'string') {
      names.add(name);
      return `{${name}:.*${escapeRegex(m.contains)}.*}`;
    }
    warnings.push({ source: `${at}.${name}`, message: 'this path parameter matcher has no equivalent: any value is accepted' });
    names.add(name);
    return whole;
  });
}

function addPredicates(match: RequestMatch, kind: 'query' | 'headers' | 'cookies', given: unknown, at: string, warnings: ImportWarning[]): void {
  if (given === undefined || given === null || typeof given !== 'object') return;
  for (const [name, matcher] of Object.entries(given as Json)) {
    const predicate = convertMatcher(matcher, `${at}.${name}`, warnings);
    if (predicate === undefined) continue;
    (match[kind] ??= {})[kind === 'headers' ? name.toLowerCase() : name] = predicate;
  }
}

/** Form fields compared with equalTo become a regex over the url-encoded body; others are reported. */
function addFormParameters(given: unknown, body: Predicate[], at: string, warnings: ImportWarning[]): void {
  if (given === undefined || given === null || typeof given !== 'object') return;
  for (const [name, matcher] of Object.entries(given as Json)) {
    const equalTo = (matcher as Json | null)?.equalTo;
    if (typeof equalTo === 'string') {
      const pair = new URLSearchParams([[name, equalTo]]).toString();
      body.push({ regex: `(^|&)${escapeRegex(pair)}(&|$)` });
    } else {
      warnings.push({ source: `${at}.${name}`, message: 'only equalTo is imported for form fields: condition left out' });
    }
  }
}

/** The state extension's `state-matcher` (hasProperty / hasNotProperty) reads our state keys `context.property`. */
function addCustomMatcher(match: RequestMatch, given: unknown, at: string, warnings: ImportWarning[]): void {
  if (given === undefined) return;
  const matcher = given as Json;
  const parameters = (matcher.parameters ?? {}) as Json;
  const context = parameters.hasContext;
  if (matcher.name === 'state-matcher' && typeof context === 'string') {
    const state: Record<string, Predicate> = {};
    if (typeof parameters.hasProperty === 'string') state[`${context}.${parameters.hasProperty}`] = { present: true };
    if (typeof parameters.hasNotProperty === 'string') state[`${context}.${parameters.hasNotProperty}`] = { absent: true };
    if (Object.keys(state).length > 0) {
      match.state = { ...match.state, ...state };
      warnings.push({ source: at, message: 'state-matcher imported as match.state on keys "<context>.<property>" (global scope)' });
      return;
    }
  }
  warnings.push({ source: at, message: `custom matcher ${JSON.stringify(matcher.name)} has no equivalent: condition left out` });
}

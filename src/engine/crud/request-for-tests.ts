import type { CrudSpec, MockRequest } from '../../plan/index.js';

/** A MockRequest as the engine would build it, for `METHOD /path?query` with an optional JSON body and path params. */
export function requestFor(method: string, url: string, body?: unknown, params: Record<string, string> = {}): MockRequest {
  const queryStart = url.indexOf('?');
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1))) {
    const previous = query[name];
    query[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  const bodyText = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  let bodyJson: unknown;
  try {
    bodyJson = bodyText === '' ? undefined : JSON.parse(bodyText);
  } catch {
    bodyJson = undefined;
  }
  return {
    method,
    path: queryStart === -1 ? url : url.slice(0, queryStart),
    url,
    query,
    headers: {},
    cookies: {},
    params,
    bodyText,
    bodyJson,
  };
}

export function specFor(overrides: Partial<CrudSpec> = {}): CrudSpec {
  return { collection: 'users', keyField: 'id', scope: 'global', seed: [], validate: undefined, ...overrides };
}

/** Header values by (lower-case) name from the flat array form. */
export function headersOf(flat: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) headers[flat[i]!] = flat[i + 1]!;
  return headers;
}

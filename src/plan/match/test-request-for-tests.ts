import type { MockRequest } from '../mock-request.js';

/**
 * A MockRequest for tests: `url` may carry a query string, which fills `query`; a `json`
 * body fills bodyText and bodyJson.
 */
export function testRequest(
  method: string,
  url: string,
  options: { headers?: Record<string, string | string[]>; cookies?: Record<string, string>; body?: string; json?: unknown } = {},
): MockRequest {
  const [rawPath = '/', search = ''] = url.split('?');
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const existing = query[name];
    query[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const bodyText = options.json !== undefined ? JSON.stringify(options.json) : (options.body ?? '');
  let bodyJson: unknown;
  try {
    bodyJson = bodyText === '' ? undefined : (JSON.parse(bodyText) as unknown);
  } catch {
    bodyJson = undefined;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    method,
    url,
    path: decodeURIComponent(rawPath),
    query,
    headers,
    cookies: options.cookies ?? {},
    params: {},
    bodyText,
    bodyJson,
  };
}

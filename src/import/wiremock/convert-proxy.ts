import type { Endpoint } from '../../config/index.js';
import { proxyHeaders, proxyTarget } from '../foreign/index.js';
import type { ImportWarning } from '../import-types.js';

type Json = Record<string, unknown>;

/**
 * A proxy mapping (`proxyBaseUrl`) as a forwarding endpoint: the base URL, extra and removed
 * request headers, and the prefix removed from the path. WireMock answers with what the backend
 * answered, so the mapping's own status, headers and body are not served (reported).
 */
export function convertProxy(
  response: Json,
  at: string,
  warnings: ImportWarning[],
): { ok: true; proxy: NonNullable<Endpoint['proxy']> } | { ok: false; reason: string } {
  const target = proxyTarget(response.proxyBaseUrl);
  if (!target.ok) return target;
  const extra = response.additionalProxyRequestHeaders;
  const removed = response.removeProxyRequestHeaders;
  const headers = proxyHeaders(typeof extra === 'object' && extra !== null ? (extra as Json) : {}, Array.isArray(removed) ? removed : []);
  const prefix = response.proxyUrlPrefixToRemove;
  for (const key of ['status', 'headers', 'body', 'jsonBody', 'base64Body', 'bodyFileName']) {
    if (response[key] !== undefined) warnings.push({ source: `${at}.${key}`, message: "a proxy mapping answers with the backend's response: ignored" });
  }
  return {
    ok: true,
    proxy: {
      url: target.url,
      ...(typeof prefix === 'string' && prefix.startsWith('/') ? { stripPrefix: prefix } : {}),
      ...(headers !== undefined ? { headers } : {}),
    },
  };
}

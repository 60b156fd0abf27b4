import type { Config } from '../../config/index.js';
import { proxyHeaders, proxyTarget } from '../foreign/index.js';
import type { ImportWarning } from '../import-types.js';

type Json = Record<string, unknown>;
type Unmatched = NonNullable<NonNullable<Config['server']>['unmatched']>;

/** Mockoon's `[{ key, value }]` header lists as a record. */
function headerRecord(list: unknown): Record<string, unknown> {
  return Object.fromEntries(
    (Array.isArray(list) ? list : []).filter((h): h is Json => typeof h === 'object' && h !== null).map((h) => [String(h.key), h.value]),
  );
}

/**
 * Mockoon's proxy mode (requests no route answers go to `proxyHost`) as `server.unmatched.proxy`:
 * the host, the request headers it adds, and `proxyRemovePrefix` (the environment's prefix
 * removed). Headers it adds to proxied responses have no equivalent (reported). Mockoon has no
 * per-route proxy: a route always answers itself.
 */
export function convertProxyMode(env: Json, prefix: string, warnings: ImportWarning[]): Unmatched | undefined {
  if (env.proxyMode !== true) return undefined;
  const target = proxyTarget(env.proxyHost);
  if (!target.ok) {
    warnings.push({ source: 'proxyHost', message: `${target.reason}: requests no route matches get 404` });
    return undefined;
  }
  if (Object.keys(headerRecord(env.proxyResHeaders)).length > 0) {
    warnings.push({
      source: 'proxyResHeaders',
      message: "headers added to proxied responses are not importable: the backend's headers are served as they are",
    });
  }
  const headers = proxyHeaders(headerRecord(env.proxyReqHeaders));
  const strip = env.proxyRemovePrefix === true && prefix !== '' ? `/${prefix.replace(/^\/+|\/+$/g, '')}` : undefined;
  return { proxy: { url: target.url, ...(strip !== undefined && strip !== '/' ? { stripPrefix: strip } : {}), ...(headers !== undefined ? { headers } : {}) } };
}

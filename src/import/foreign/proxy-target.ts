import type { Endpoint } from '../../config/index.js';

type ProxyConfig = NonNullable<Endpoint['proxy']>;
type ProxyHeaders = NonNullable<ProxyConfig['headers']>;

/** What the config schema accepts as a proxy `url`: an http(s) origin, optionally with a base path. */
const PROXY_URL = /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * A foreign tool's forwarding target as our `proxy.url` (trailing slashes dropped: the request path
 * is appended to the base path), or the reason it cannot be one.
 */
export function proxyTarget(raw: unknown): { ok: true; url: string } | { ok: false; reason: string } {
  if (typeof raw !== 'string' || raw === '') return { ok: false, reason: 'the proxy target is not a URL' };
  const url = raw.trim().replace(/\/+$/, '');
  if (!PROXY_URL.test(url)) return { ok: false, reason: `proxy target "${raw.slice(0, 200)}" is not an http(s) URL without query or fragment` };
  return { ok: true, url };
}

/** Request headers to set and remove upstream, keeping only valid header names and string values. */
export function proxyHeaders(set: Readonly<Record<string, unknown>>, remove: readonly unknown[] = []): ProxyHeaders | undefined {
  const setValid = Object.fromEntries(Object.entries(set).filter(([name, value]) => HEADER_NAME.test(name) && typeof value === 'string')) as Record<
    string,
    string
  >;
  const removeValid = remove.filter((name): name is string => typeof name === 'string' && HEADER_NAME.test(name));
  if (Object.keys(setValid).length === 0 && removeValid.length === 0) return undefined;
  return { ...(Object.keys(setValid).length > 0 ? { set: setValid } : {}), ...(removeValid.length > 0 ? { remove: removeValid } : {}) };
}

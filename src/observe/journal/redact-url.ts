/**
 * Query parameters that carry credentials in the wild (OAuth tokens, API keys, signed-URL
 * signatures), redacted in every journal URL whatever the config says; `journal.redact.queryParams`
 * adds more. Compared case-insensitively.
 */
export const ALWAYS_REDACTED_QUERY_PARAMS: readonly string[] = [
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'auth',
  'api_key',
  'apikey',
  'api-key',
  'key',
  'password',
  'passwd',
  'pwd',
  'secret',
  'client_secret',
  'signature',
  'sig',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'x-goog-signature',
  'x-goog-credential',
];

/**
 * The URL with the values of the named query parameters (lower-case names) replaced by
 * `redacted`; everything else, order and encoding included, stays as the client sent it.
 */
export function redactUrl(url: string, names: ReadonlySet<string>, redacted: string): string {
  const q = url.indexOf('?');
  if (q < 0 || names.size === 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  let changed = false;
  const parts = query.split('&').map((part) => {
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    if (!names.has(decodeName(rawName).toLowerCase()) || eq < 0) return part;
    changed = true;
    return `${rawName}=${redacted}`;
  });
  return changed ? `${url.slice(0, q + 1)}${parts.join('&')}${hash < 0 ? '' : url.slice(hash)}` : url;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

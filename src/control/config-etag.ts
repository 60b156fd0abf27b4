import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so equal documents hash equally whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A strong ETag for a config document. */
export function configEtag(config: unknown): string {
  return `"${createHash('sha256').update(canonicalJson(config)).digest('base64url').slice(0, 27)}"`;
}

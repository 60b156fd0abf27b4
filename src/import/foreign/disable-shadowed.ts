import type { Endpoint } from '../../config/index.js';
import type { ImportWarning } from '../import-types.js';

/**
 * Foreign tools let two stubs answer the same requests and pick one (WireMock the most recently
 * added, mountebank and Mockoon the first); our config refuses such a pair as a conflict. The one
 * the source would never serve is kept but disabled (`enabled: false`), with a warning, so the
 * import validates and nothing is silently dropped. `sources[i]` names endpoint i in the source.
 */
export function disableShadowed(endpoints: Endpoint[], sources: readonly string[], winner: 'first' | 'last', warnings: ImportWarning[]): void {
  const seen = new Map<string, number>();
  const order = endpoints.map((_, i) => i);
  if (winner === 'last') order.reverse();
  for (const i of order) {
    const endpoint = endpoints[i]!;
    if (endpoint.enabled === false) continue;
    const key = routeKey(endpoint);
    const kept = seen.get(key);
    if (kept === undefined) {
      seen.set(key, i);
      continue;
    }
    endpoint.enabled = false;
    warnings.push({
      source: sources[i] ?? `endpoints[${i}]`,
      message: `answers exactly the requests of ${sources[kept] ?? `endpoints[${kept}]`}, which the source serves instead: imported disabled`,
    });
  }
}

function routeKey(endpoint: Endpoint): string {
  const methods = endpoint.method === undefined || endpoint.method === '*' ? '*' : [endpoint.method].flat().sort().join(',');
  const path = endpoint.path.replace(/\{[^}:]*(:[^}]*)?\}/g, '{$1}');
  return [methods, path, endpoint.priority ?? 0, canonical(endpoint.match ?? {}), canonical(endpoint.whenState ?? null)].join('\n');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

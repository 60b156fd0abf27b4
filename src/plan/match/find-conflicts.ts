import type { ConfigIssue } from '../../config/index.js';
import type { RouteEntry } from './route-entry.js';
import type { Routable, RouteConflict } from './types.js';

/**
 * Endpoints that would answer the same requests with nothing to tell them apart: overlapping
 * methods, equivalent paths (same pattern and constraints, whatever the param names),
 * equal predicates (canonical text) and equal priority. The later one could never be served.
 * Grouping by (path, priority, predicates) first keeps this linear for real configs.
 */
export function findConflicts<E extends Routable>(entries: readonly RouteEntry<E>[]): { issues: ConfigIssue[]; conflicts: RouteConflict[] } {
  const groups = new Map<string, RouteEntry<E>[]>();
  for (const entry of entries) {
    const key = `${entry.template.equivalenceKey}\n${entry.endpoint.priority}\n${entry.endpoint.match.canonical}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [entry]);
    else group.push(entry);
  }
  const issues: ConfigIssue[] = [];
  const conflicts: RouteConflict[] = [];
  for (const group of groups.values()) {
    for (let j = 1; j < group.length; j++) {
      const later = group[j] as RouteEntry<E>;
      for (let i = 0; i < j; i++) {
        const earlier = group[i] as RouteEntry<E>;
        const shared = sharedMethods(earlier.endpoint.methods, later.endpoint.methods);
        if (shared === null) continue;
        const reason = `same ${shared}, path ${earlier.endpoint.path}, predicates and priority`;
        conflicts.push({ first: earlier.endpoint.id, second: later.endpoint.id, reason });
        issues.push({
          path: `endpoints[${later.index}]`,
          message: `conflicts with endpoint "${earlier.endpoint.id}": ${reason} — give one a priority or a distinguishing match`,
          related: [{ path: `endpoints[${earlier.index}]` }],
        });
        break; // one report per endpoint is enough to act on
      }
    }
  }
  return { issues, conflicts };
}

/** "method GET", "methods GET, POST", "methods (any)", or null when the sets are disjoint. */
function sharedMethods(a: ReadonlySet<string> | null, b: ReadonlySet<string> | null): string | null {
  if (a === null && b === null) return 'methods (any)';
  const shared = a === null ? [...(b as ReadonlySet<string>)] : [...a].filter((method) => b === null || b.has(method));
  if (shared.length === 0) return null;
  return shared.length === 1 ? `method ${shared[0]}` : `methods ${shared.join(', ')}`;
}

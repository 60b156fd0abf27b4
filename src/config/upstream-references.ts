import { formatPath, type PathSegment } from './issue-path.js';

type Data = Record<string, unknown>;

const isData = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A place in a config that names an upstream by id. */
export interface UpstreamReference {
  /** `endpoints[2].proxy.upstream`, `endpoints[0].fallback.upstream` or `server.unmatched.proxy.upstream`. */
  readonly path: string;
  /** The id of the endpoint the place belongs to; absent for `server.unmatched`. */
  readonly endpoint?: string;
}

/**
 * Every place of `raw` (a config, checked or not) that names upstream `id`: an endpoint's
 * `proxy.upstream` or `fallback.upstream`, and `server.unmatched.proxy.upstream`. The places
 * config validation refuses as dangling once the upstream is gone, listed before it goes so a
 * removal can be refused by naming who still uses it.
 */
export function findUpstreamReferences(raw: unknown, id: string): UpstreamReference[] {
  if (!isData(raw)) return [];
  const found: UpstreamReference[] = [];
  const endpoints = Array.isArray(raw.endpoints) ? raw.endpoints : [];
  endpoints.forEach((endpoint: unknown, i) => {
    if (!isData(endpoint)) return;
    const owner = typeof endpoint.id === 'string' ? { endpoint: endpoint.id } : {};
    for (const block of ['proxy', 'fallback'] as const) {
      const at: PathSegment[] = ['endpoints', i, block, 'upstream'];
      if (namesUpstream(endpoint[block], id)) found.push({ path: formatPath(at), ...owner });
    }
  });
  const unmatched = isData(raw.server) && isData(raw.server.unmatched) ? raw.server.unmatched : undefined;
  if (unmatched && namesUpstream(unmatched.proxy, id)) found.push({ path: 'server.unmatched.proxy.upstream' });
  return found;
}

const namesUpstream = (block: unknown, id: string): boolean => isData(block) && block.upstream === id;

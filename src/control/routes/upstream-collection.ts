import { findUpstreamReferences, type Config } from '../../config/index.js';
import type { CollectionSpec, RemovalRefusal } from './collection-routes.js';

/**
 * An upstream is refused removal while an endpoint (or `server.unmatched`) still forwards to it:
 * the detail names each endpoint, `issues` each place with the endpoint's id, in the shape of a
 * config issue so a client shows it the same way.
 */
function refuseUpstreamRemoval(config: Config, id: string): RemovalRefusal | undefined {
  const references = findUpstreamReferences(config, id);
  if (references.length === 0) return undefined;
  const users = [...new Set(references.map((reference) => (reference.endpoint === undefined ? reference.path : `endpoint "${reference.endpoint}"`)))];
  return {
    code: 'UPSTREAM_IN_USE',
    detail: `upstream "${id}" is still used by ${users.join(', ')}; point ${users.length === 1 ? 'it' : 'them'} at another upstream or remove ${users.length === 1 ? 'it' : 'them'} first`,
    extensions: {
      issues: references.map(({ path, endpoint }) => ({ path, ...(endpoint === undefined ? {} : { id: endpoint }), message: `forwards to upstream "${id}"` })),
    },
  };
}

/**
 * `POST /api/upstreams`, `PUT`/`PATCH`/`DELETE /api/upstreams/{id}` and the config form at
 * `GET /api/upstreams/{id}/config`. `GET /api/upstreams[/{id}]` stays the live view (targets,
 * health, counters) of upstream-routes.ts.
 */
export const upstreamCollection: CollectionSpec = {
  name: 'upstreams',
  singular: 'upstream',
  notFound: 'UPSTREAM_NOT_FOUND',
  exists: 'UPSTREAM_EXISTS',
  reads: 'item-config',
  refuseRemoval: refuseUpstreamRemoval,
};

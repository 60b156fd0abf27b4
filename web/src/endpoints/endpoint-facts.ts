import type { Endpoint as EndpointDefinition, WorkflowConfig } from '../../../src/config/schema.ts';

/** The methods an endpoint answers, as shown: `*` when it takes any. */
export function methodsOf(endpoint: EndpointDefinition): string {
  const { method } = endpoint;
  if (method === undefined || method === '*') return '*';
  return typeof method === 'string' ? method : method.join(', ');
}

/** The behavior badges of the definition: faults (errors) and limits (rate limit, bandwidth). */
export function badgesOf(endpoint: EndpointDefinition): ('faults' | 'limits' | 'latency')[] {
  const badges: ('faults' | 'limits' | 'latency')[] = [];
  if (endpoint.errors !== undefined && endpoint.errors.length > 0) badges.push('faults');
  if (endpoint.rateLimit !== undefined || endpoint.bandwidth !== undefined) badges.push('limits');
  if (endpoint.latency !== undefined) badges.push('latency');
  return badges;
}

export const isEnabled = (endpoint: EndpointDefinition): boolean => endpoint.enabled !== false;

/** Does the endpoint match the free-text search (id, path, description, methods)? */
export function matchesSearch(endpoint: EndpointDefinition, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (needle === '') return true;
  return [endpoint.id, endpoint.path, endpoint.description ?? '', methodsOf(endpoint)].some((text) => text.toLowerCase().includes(needle));
}

/** A workflow's membership as `GET /api/workflows` lists it: explicit ids, or a path prefix and/or tags. */
export type WorkflowMembership = Pick<WorkflowConfig, 'id' | 'endpoints' | 'match'>;

/**
 * Is the endpoint a member of the workflow? The server's rule, redone on the client: the listed ids
 * when `endpoints` is given, else every endpoint under `match.pathPrefix` (at a segment boundary:
 * `/shop` takes `/shop/cart`, not `/shopping`) that has any of `match.tags` (every given part must hold).
 */
export function isMemberOf(endpoint: EndpointDefinition, workflow: WorkflowMembership): boolean {
  if (workflow.endpoints !== undefined) return workflow.endpoints.includes(endpoint.id);
  const { pathPrefix, tags } = workflow.match ?? {};
  if (pathPrefix === undefined && tags === undefined) return false;
  if (pathPrefix !== undefined) {
    const prefix = pathPrefix.replace(/\/+$/, '');
    if (prefix !== '' && endpoint.path !== prefix && !endpoint.path.startsWith(`${prefix}/`)) return false;
  }
  const own = Array.isArray(endpoint.tags) ? (endpoint.tags as unknown[]) : [];
  return tags === undefined || tags.some((tag) => own.includes(tag));
}

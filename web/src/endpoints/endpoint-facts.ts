import type { EndpointDefinition } from '../api/contract.ts';

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

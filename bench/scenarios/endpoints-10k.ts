import type { BenchEndpoint } from '../mimicus-config.js';
import { expectExactly, type FixedResponse, type Scenario } from '../scenario.js';

export const endpointCount = 10_000;

const response: FixedResponse = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"hit":"last"}',
};

/** The endpoint every request hits: declared last in the big config, alone in the small one. */
const target: BenchEndpoint = {
  id: 'target',
  method: 'GET',
  path: `/api/r${endpointCount - 1}/{id}`,
  response,
};
const targetPath = `/api/r${endpointCount - 1}/abc123`;

/**
 * Filler endpoints shaped like a real API so the radix tree has depth and shared prefixes:
 * parametrised /api/r{i}/{id}, nested static /api/v1/group{g}/item{i} with GET and POST on the
 * same path, and deep static files /static/s{i}/index.json.
 */
export function fillerEndpoint(i: number): BenchEndpoint {
  const body = { status: 200, headers: { 'content-type': 'application/json' }, body: `{"i":${i}}` };
  switch (i % 4) {
    case 0:
      return { id: `r${i}`, method: 'GET', path: `/api/r${i}/{id}`, response: body };
    case 1:
      return { id: `get-item${i}`, method: 'GET', path: `/api/v1/group${i % 50}/item${i}`, response: body };
    case 2:
      return { id: `post-item${i - 1}`, method: 'POST', path: `/api/v1/group${(i - 1) % 50}/item${i - 1}`, response: body };
    default:
      return { id: `static${i}`, method: 'GET', path: `/static/s${i}/index.json`, response: body };
  }
}

function manyEndpoints(): BenchEndpoint[] {
  const endpoints: BenchEndpoint[] = [];
  for (let i = 0; i < endpointCount - 1; i += 1) endpoints.push(fillerEndpoint(i));
  endpoints.push(target);
  return endpoints;
}

/** Routing cost as the config grows: the last of 10,000 endpoints vs the only one. */
export const endpoints10kScenario: Scenario = {
  name: 'endpoints-10k',
  description: `Mimicus with ${endpointCount.toLocaleString('en')} endpoints (static and parametrised, request hits the last-declared one) vs Mimicus with that one endpoint alone: matching must not scan the list.`,
  targetRatio: 0.9,
  a: {
    label: `mimicus ${endpointCount} endpoints`,
    path: targetPath,
    check: expectExactly(response),
    server: {
      kind: 'mimicus',
      standIn: response,
      config: { version: 2, server: { port: 8080, seed: 42 }, endpoints: manyEndpoints() },
    },
  },
  b: {
    label: 'mimicus 1 endpoint',
    path: targetPath,
    check: expectExactly(response),
    server: {
      kind: 'mimicus',
      standIn: response,
      config: { version: 2, server: { port: 8080, seed: 42 }, endpoints: [target] },
    },
  },
};

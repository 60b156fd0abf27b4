import { describe, expect, it } from 'vitest';
import { validateConfigObject } from '../../src/config/validate-config-object.js';
import { publishedSchema } from '../../src/config/published-schema.js';
import { createEndpointValidator, createUpstreamValidator } from '../../web/src/validation/endpoint-validator.js';

// The console builds its validator from the same file (web/src/validation/endpoint-schema.ts imports it with Vite).
const validateEndpoint = createEndpointValidator(publishedSchema());

const GOOD = { id: 'users', method: 'GET', path: '/users/{id}', response: { status: 200, body: 'a user' } };

/** The server's issues for a config holding only this endpoint, at paths inside it (`endpoints[0].` left off). */
function serverIssues(endpoint: unknown): { path: string; message: string }[] {
  const result = validateConfigObject({ version: 2, endpoints: [endpoint] });
  if (result.ok) return [];
  return result.error
    .filter((issue) => /^endpoints\[0\](\.|\[|$)/.test(issue.path))
    .map((issue) => ({ path: issue.path.replace(/^endpoints\[0\]\.?/, ''), message: issue.message }));
}

describe('browser-side endpoint validation from the published schema', () => {
  it('finds nothing wrong with an endpoint the server accepts', () => {
    expect(serverIssues(GOOD)).toEqual([]);
    expect(validateEndpoint(GOOD)).toEqual([]);
  });

  it.each([
    ['status 99', { ...GOOD, response: { status: 99 } }, 'response.status'],
    ['a path without its leading slash', { ...GOOD, path: 'users' }, 'path'],
    ['an unknown field', { ...GOOD, respnse: { status: 200 } }, 'respnse'],
    ['a bad latency', { ...GOOD, latency: { lognormal: { median: 'soon', sigma: 0.5 } } }, 'latency.lognormal.median'],
    ['a latency of an unknown distribution', { ...GOOD, latency: { gaussian: { mean: '10ms' } } }, 'latency'],
    ['a fault rate above 1', { ...GOOD, errors: [{ rate: 1.5, status: 503 }] }, 'errors[0].rate'],
  ])('reports %s at the same path and with the same words as the server', (_, endpoint, expectedPath) => {
    const browser = validateEndpoint(endpoint);
    const server = serverIssues(endpoint);
    expect(browser.map((issue) => issue.path)).toContain(expectedPath);
    // Every schema issue the browser finds, the server reports too (the server adds its semantic checks).
    for (const issue of browser) expect(server).toContainEqual(issue);
    expect(server.filter((issue) => issue.path === expectedPath)).toEqual(browser.filter((issue) => issue.path === expectedPath));
  });
});

const validateUpstream = createUpstreamValidator(publishedSchema());
const UPSTREAM = { id: 'orders', targets: [{ url: 'http://127.0.0.1:9001', weight: 2 }], balance: { 'consistent-hash': { key: 'header:x-user' } } };

/** The server's issues for a config holding only this upstream, at paths inside it. */
function serverUpstreamIssues(upstream: unknown): { path: string; message: string }[] {
  const result = validateConfigObject({ version: 2, upstreams: [upstream] });
  if (result.ok) return [];
  return result.error
    .filter((issue) => /^upstreams\[0\](\.|\[|$)/.test(issue.path))
    .map((issue) => ({ path: issue.path.replace(/^upstreams\[0\]\.?/, ''), message: issue.message }));
}

describe('browser-side upstream validation from the published schema', () => {
  it('finds nothing wrong with an upstream the server accepts', () => {
    expect(serverUpstreamIssues(UPSTREAM)).toEqual([]);
    expect(validateUpstream(UPSTREAM)).toEqual([]);
  });

  it.each([
    ['an ftp target', { ...UPSTREAM, targets: [{ url: 'ftp://127.0.0.1:1' }] }, 'targets[0].url'],
    ['a weight of 0', { ...UPSTREAM, targets: [{ url: 'http://127.0.0.1:1', weight: 0 }] }, 'targets[0].weight'],
    ['a hash key of nothing', { ...UPSTREAM, balance: { 'consistent-hash': { key: 'header:' } } }, 'balance'],
    ['a probe path without its slash', { ...UPSTREAM, health: { path: 'healthz' } }, 'health.path'],
    ['a bad ejection time', { ...UPSTREAM, health: { outlier: { baseEjection: 'long' } } }, 'health.outlier.baseEjection'],
    ['an id with markup', { ...UPSTREAM, id: '<script>' }, 'id'],
  ])('reports %s at the same path and with the same words as the server', (_, upstream, expectedPath) => {
    const browser = validateUpstream(upstream);
    const server = serverUpstreamIssues(upstream);
    expect(browser.map((issue) => issue.path.startsWith(expectedPath))).toContain(true);
    for (const issue of browser) expect(server).toContainEqual(issue);
  });
});

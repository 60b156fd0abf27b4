import { describe, expect, it } from 'vitest';
import { validateConfigObject } from '../../src/config/validate-config-object.js';
import { publishedSchema } from '../../src/config/published-schema.js';
import { createEndpointValidator } from '../../web/src/validation/endpoint-validator.js';

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

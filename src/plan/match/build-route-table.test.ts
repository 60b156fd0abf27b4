import { describe, expect, it } from 'vitest';
import type { RequestMatch } from '../../config/index.js';
import { buildRouteTable } from './build-route-table.js';
import { compileRequestMatch } from './compile-request-match.js';
import { testRequest } from './test-request-for-tests.js';
import type { Routable, RouteTable } from './types.js';

interface Spec {
  id: string;
  method?: string | string[];
  path: string;
  priority?: number;
  match?: unknown;
}

const endpoint = (spec: Spec): Routable => {
  const match = compileRequestMatch(spec.match as RequestMatch | undefined);
  if (!match.ok) throw new Error(match.error[0]?.message);
  const methods = spec.method === undefined ? null : new Set(Array.isArray(spec.method) ? spec.method : [spec.method]);
  return { id: spec.id, methods, path: spec.path, priority: spec.priority ?? 0, match: match.value };
};

const table = (...specs: Spec[]): RouteTable<Routable> => {
  const result = buildRouteTable(specs.map(endpoint));
  if (!result.ok) throw new Error(result.error.issues.map((issue) => issue.message).join('\n'));
  return result.value;
};

const hit = (routes: RouteTable<Routable>, method: string, url: string, options = {}) => {
  const found = routes.lookup(testRequest(method, url, options));
  return found.kind === 'matched' ? { id: found.endpoint.id, params: { ...found.params } } : null;
};

describe('buildRouteTable lookup', () => {
  it('finds endpoints and returns params under the user names', () => {
    const routes = table({ id: 'get-user', method: 'GET', path: '/users/{id}' }, { id: 'list', method: 'GET', path: '/users' });
    expect(hit(routes, 'GET', '/users/42?x=1')).toEqual({ id: 'get-user', params: { id: '42' } });
    expect(hit(routes, 'GET', '/users/')).toEqual({ id: 'list', params: {} });
    expect(hit(routes, 'POST', '/users/42')).toBeNull();
    expect(hit(routes, 'GET', '/nope')).toBeNull();
  });

  it("keeps each template's names when two share a registration", () => {
    const routes = table(
      { id: 'by-id', method: 'GET', path: '/users/{id}' },
      { id: 'by-uid', method: 'DELETE', path: '/users/{uid}' },
      { id: 'numeric', method: 'PUT', path: '/users/{n:[0-9]+}' },
    );
    expect(hit(routes, 'GET', '/users/7')).toEqual({ id: 'by-id', params: { id: '7' } });
    expect(hit(routes, 'DELETE', '/users/7')).toEqual({ id: 'by-uid', params: { uid: '7' } });
    expect(hit(routes, 'PUT', '/users/7')).toEqual({ id: 'numeric', params: { n: '7' } });
    expect(hit(routes, 'PUT', '/users/x')).toBeNull();
  });

  it('answers HEAD with a GET endpoint', () => {
    expect(hit(table({ id: 'g', method: 'GET', path: '/a' }), 'HEAD', '/a')?.id).toBe('g');
  });

  it('ranks static over param over * over **', () => {
    const routes = table(
      { id: 'rest', path: '/files/**' },
      { id: 'star', path: '/files/*' },
      { id: 'param', path: '/files/{name}' },
      { id: 'pattern', path: '/files/{name}.txt' },
      { id: 'static', path: '/files/readme' },
    );
    expect(hit(routes, 'GET', '/files/readme')?.id).toBe('static');
    expect(hit(routes, 'GET', '/files/a.txt')).toEqual({ id: 'pattern', params: { name: 'a' } });
    expect(hit(routes, 'GET', '/files/a.md')).toEqual({ id: 'param', params: { name: 'a.md' } });
    expect(hit(routes, 'GET', '/files/a/b')).toEqual({ id: 'rest', params: { '*': 'a/b' } });
    expect(hit(routes, 'GET', '/files')).toEqual({ id: 'rest', params: { '*': '' } });
  });

  it('lets priority beat specificity', () => {
    const routes = table({ id: 'static', path: '/users/me' }, { id: 'catch-all', path: '/**', priority: 10 });
    expect(hit(routes, 'GET', '/users/me')?.id).toBe('catch-all');
    expect(hit(routes, 'GET', '/')?.id).toBe('catch-all');
  });

  it('prefers more predicates, then declaration order', () => {
    const routes = table(
      { id: 'plain', path: '/a' },
      { id: 'tenant', path: '/a', match: { headers: { 'x-tenant': 't' } } },
      { id: 'tenant-gold', path: '/a', match: { headers: { 'x-tenant': 't', 'x-plan': 'gold' } } },
    );
    expect(hit(routes, 'GET', '/a', { headers: { 'x-tenant': 't', 'x-plan': 'gold' } })?.id).toBe('tenant-gold');
    expect(hit(routes, 'GET', '/a', { headers: { 'x-tenant': 't' } })?.id).toBe('tenant');
    expect(hit(routes, 'GET', '/a')?.id).toBe('plain');
    const ordered = table({ id: 'first', path: '/b', match: { query: { a: '1' } } }, { id: 'second', path: '/b', match: { query: { b: '1' } } });
    expect(hit(ordered, 'GET', '/b?a=1&b=1')?.id).toBe('first');
    expect(hit(ordered, 'GET', '/b?b=1')?.id).toBe('second');
  });

  it('falls back to a less specific path when the specific one refuses the method', () => {
    const routes = table({ id: 'delete-me', method: 'DELETE', path: '/users/me' }, { id: 'get-user', method: 'GET', path: '/users/{id}' });
    expect(hit(routes, 'GET', '/users/me')).toEqual({ id: 'get-user', params: { id: 'me' } });
    expect(hit(routes, 'DELETE', '/users/me')?.id).toBe('delete-me');
    expect(hit(routes, 'DELETE', '/users/7')).toBeNull();
  });

  it('falls back when the specific one refuses the predicates, and across diverged prefixes', () => {
    const routes = table(
      { id: 'v2-only', path: '/api/{version}/items', match: { query: { v: '2' } } },
      { id: 'static-items', path: '/api/v1/{kind}', match: { query: { v: '1' } } },
      { id: 'rest', path: '/api/**' },
    );
    expect(hit(routes, 'GET', '/api/v1/items?v=2')).toEqual({ id: 'v2-only', params: { version: 'v1' } });
    expect(hit(routes, 'GET', '/api/v1/items?v=1')).toEqual({ id: 'static-items', params: { kind: 'items' } });
    expect(hit(routes, 'GET', '/api/v1/items')).toEqual({ id: 'rest', params: { '*': 'v1/items' } });
  });
});

describe('buildRouteTable conflicts', () => {
  const build = (...specs: Spec[]) => buildRouteTable(specs.map(endpoint));

  it('refuses two endpoints nothing tells apart, at the later one', () => {
    const result = build(
      { id: 'get-user', method: 'GET', path: '/users/{id}', match: { headers: { 'x-a': '1', 'x-b': '2' } } },
      { id: 'other', method: 'POST', path: '/other' },
      { id: 'get-user-again', method: ['GET', 'PUT'], path: '/users/{uid}', match: { headers: { 'x-b': '2', 'x-a': '1' } } },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.issues).toEqual([
      {
        path: 'endpoints[2]',
        message:
          'conflicts with endpoint "get-user": same method GET, path /users/{id}, predicates and priority — give one a priority or a distinguishing match',
        related: [{ path: 'endpoints[0]' }],
        code: 'conflict',
      },
    ]);
    expect(result.error.conflicts).toEqual([
      { first: 'get-user', second: 'get-user-again', reason: 'same method GET, path /users/{id}, predicates and priority' },
    ]);
  });

  it('accepts endpoints that differ in predicates, priority, methods or constraints', () => {
    expect(build({ id: 'a', path: '/x', match: { query: { a: '1' } } }, { id: 'b', path: '/x', match: { query: { a: '2' } } }).ok).toBe(true);
    expect(build({ id: 'a', path: '/x' }, { id: 'b', path: '/x', priority: 1 }).ok).toBe(true);
    expect(build({ id: 'a', method: 'GET', path: '/x' }, { id: 'b', method: ['POST', 'PUT'], path: '/x' }).ok).toBe(true);
    expect(build({ id: 'a', path: '/x/{id:[0-9]+}' }, { id: 'b', path: '/x/{id}' }).ok).toBe(true);
  });

  it('reports path syntax problems with the endpoint index', () => {
    const result = buildRouteTable([{ ...endpoint({ id: 'a', path: '/x' }), index: 7, path: '/x/{y' }]);
    expect(result.ok ? [] : result.error.issues.map((issue) => issue.path)).toEqual(['endpoints[7].path']);
  });
});

describe('buildRouteTable near misses', () => {
  it('lists the closest endpoints with what failed', () => {
    const routes = table(
      { id: 'get-user', method: 'GET', path: '/api/users/{id}', match: { headers: { 'x-tenant': { regex: '^t-' } } } },
      { id: 'create-user', method: 'POST', path: '/api/users' },
      { id: 'orders', method: 'GET', path: '/api/orders/{id}' },
      { id: 'unrelated', method: 'GET', path: '/health/deep/check' },
    );
    const request = testRequest('GET', '/api/users/7', { headers: { 'x-tenant': 'abc' } });
    expect(routes.lookup(request).kind).toBe('unmatched');
    const misses = routes.nearMisses(request, 3);
    expect(misses[0]).toEqual({
      endpoint: 'get-user',
      method: 'GET',
      path: '/api/users/{id}',
      mismatches: [{ part: 'headers.x-tenant', expected: 'regex ^t-', actual: 'abc' }],
    });
    expect(misses.map((miss) => miss.endpoint)).toEqual(['get-user', 'orders', 'create-user']);
    expect(misses[1]?.mismatches).toEqual([{ part: 'path', expected: '/api/orders/{id}', actual: '/api/users/7' }]);
    expect(routes.nearMisses(testRequest('DELETE', '/api/users'), 1)[0]?.mismatches).toEqual([{ part: 'method', expected: 'POST', actual: 'DELETE' }]);
  });

  it('names the endpoint a path one segment too long was meant for', () => {
    // The resource-weighted similarity once dropped this one below the cut (the console's
    // Inspector showed "no endpoint came close" for /hello/world against /hello).
    const routes = table({ id: 'hello', method: 'GET', path: '/hello' });
    expect(routes.nearMisses(testRequest('GET', '/hello/world'), 3).map((miss) => miss.endpoint)).toEqual(['hello']);
  });
});

describe('buildRouteTable at scale', () => {
  it('finds the near misses of a mistyped path among 20,000 endpoints from its neighbourhood', () => {
    const specs: Spec[] = Array.from({ length: 20_000 }, (_, i) => ({ id: `e${i}`, method: 'GET', path: `/api/svc${i % 100}/items${i}/{id}` }));
    const result = buildRouteTable(specs.map(endpoint));
    if (!result.ok) throw new Error('build failed');
    const routes = result.value;
    const misses = routes.nearMisses(testRequest('GET', '/api/svc7/items107/42/extra'), 3);
    expect(misses[0]?.endpoint).toBe('e107');
    expect(routes.nearMisses(testRequest('POST', '/api/svc7/items107/42'), 3)[0]).toMatchObject({
      endpoint: 'e107',
      mismatches: [{ part: 'method', expected: 'GET', actual: 'POST' }],
    });
    const started = performance.now();
    for (let i = 0; i < 200; i++) routes.nearMisses(testRequest('GET', `/api/svc${i % 100}/itemz${i}/7`), 3);
    const perMissMs = (performance.now() - started) / 200;
    console.log(`near misses among 20,000 endpoints: ${perMissMs.toFixed(3)} ms per unmatched request`);
    expect(perMissMs).toBeLessThan(20); // generous: the scan of every endpoint took ~150 ms here
  });

  it('builds 10,000 endpoints quickly and finds the last one', () => {
    const specs: Spec[] = [];
    for (let i = 0; i < 10_000; i++) {
      specs.push({ id: `e${i}`, method: i % 2 === 0 ? 'GET' : 'POST', path: `/api/r${i}/{id}/sub${i % 7}` });
    }
    specs.push({ id: 'users-static', method: 'GET', path: '/users/me' });
    specs.push({ id: 'catch-all', path: '/**' });
    const endpoints = specs.map(endpoint);
    const started = performance.now();
    const result = buildRouteTable(endpoints);
    const buildMs = performance.now() - started;
    console.log(`built ${endpoints.length} endpoints in ${buildMs.toFixed(1)} ms`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const found = result.value.lookup(testRequest('POST', '/api/r9999/abc/sub3'));
    expect(found.kind === 'matched' && found.endpoint.id).toBe('e9999');
    expect(found.kind === 'matched' && found.params).toEqual({ id: 'abc' });
    expect(hit(result.value, 'GET', '/api/r9999/abc/sub3')?.id).toBe('catch-all');
    expect(buildMs).toBeLessThan(5_000); // generous: the printed time is the number to watch
  });
});

describe('buildRouteTable reuse of the served router', () => {
  const rebuild = (previous: RouteTable<Routable>, ...specs: Spec[]) => {
    const result = buildRouteTable(specs.map(endpoint), previous);
    if (!result.ok) throw new Error(result.error.issues.map((issue) => issue.message).join('\n'));
    return result.value;
  };

  it('reuses the router when the paths are the same, and answers with the new endpoints', () => {
    const first = table({ id: 'a', method: 'GET', path: '/users/{id}' }, { id: 'b', method: 'GET', path: '/orders' });
    const second = rebuild(first, { id: 'a2', method: 'POST', path: '/users/{id}' }, { id: 'b2', method: 'GET', path: '/orders' });
    expect(second.reusable).toBe(first.reusable);
    expect(hit(second, 'POST', '/users/7')).toEqual({ id: 'a2', params: { id: '7' } });
    expect(hit(second, 'GET', '/users/7')).toBeNull();
    // The served table is untouched: requests still on it get its answers.
    expect(hit(first, 'GET', '/users/7')).toEqual({ id: 'a', params: { id: '7' } });
  });

  it('builds a new router when a path changes', () => {
    const first = table({ id: 'a', path: '/users/{id}' });
    const second = rebuild(first, { id: 'a', path: '/people/{id}' });
    expect(second.reusable).not.toBe(first.reusable);
    expect(hit(second, 'GET', '/people/1')).toEqual({ id: 'a', params: { id: '1' } });
    expect(hit(second, 'GET', '/users/1')).toBeNull();
  });
});

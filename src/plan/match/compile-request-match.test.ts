import { describe, expect, it } from 'vitest';
import type { RequestMatch } from '../../config/index.js';
import { compileRequestMatch } from './compile-request-match.js';
import { testRequest } from './test-request-for-tests.js';
import type { CompiledMatch } from './types.js';

const compile = (match: unknown): CompiledMatch => {
  const result = compileRequestMatch(match as RequestMatch, { at: 'endpoints[0].match' });
  if (!result.ok) throw new Error(result.error[0]?.message);
  return result.value;
};

describe('compileRequestMatch', () => {
  it('matches every request when there is no match', () => {
    const match = compile(undefined);
    expect(match.test(testRequest('GET', '/'))).toBe(true);
    expect(match.predicateCount).toBe(0);
    expect(match.canonical).toBe(compile({}).canonical);
  });

  it('reads header names case-insensitively and lists element-wise', () => {
    const match = compile({ headers: { 'X-Tenant': { regex: '^t-' } }, query: { tag: 'b' } });
    expect(match.test(testRequest('GET', '/?tag=a&tag=b', { headers: { 'x-tenant': 't-1' } }))).toBe(true);
    expect(match.test(testRequest('GET', '/?tag=a', { headers: { 'x-tenant': 't-1' } }))).toBe(false);
    expect(match.predicateCount).toBe(2);
  });

  it('applies text predicates to bodyText and JSON predicates to bodyJson', () => {
    expect(compile({ body: { contains: '"qty"' } }).test(testRequest('POST', '/', { json: { qty: 2 } }))).toBe(true);
    expect(compile({ body: { json: { qty: 2 } } }).test(testRequest('POST', '/', { json: { qty: 2, sku: 'a' } }))).toBe(true);
    expect(compile({ body: { json: { qty: 2 } } }).test(testRequest('POST', '/', { body: 'qty=2' }))).toBe(false);
    expect(compile({ body: { absent: true } }).test(testRequest('POST', '/'))).toBe(true);
  });

  it('does not find Object.prototype members as query parameters', () => {
    expect(compile({ query: { constructor: { present: true } } }).test(testRequest('GET', '/'))).toBe(false);
  });

  it('combines whole request matches with all, any and not', () => {
    const match = compile({
      any: [{ query: { a: '1' } }, { headers: { 'x-b': '1' } }],
      not: { cookies: { blocked: { present: true } } },
    });
    expect(match.test(testRequest('GET', '/?a=1'))).toBe(true);
    expect(match.test(testRequest('GET', '/', { headers: { 'x-b': '1' } }))).toBe(true);
    expect(match.test(testRequest('GET', '/?a=1', { cookies: { blocked: 'y' } }))).toBe(false);
    expect(match.test(testRequest('GET', '/'))).toBe(false);
  });

  it('explains every failing part for humans', () => {
    const match = compile({ headers: { 'x-tenant': { regex: '^t-' } }, query: { page: 1 }, body: { json: { a: 1 } } });
    expect(match.explain(testRequest('GET', '/?page=2', { headers: { 'x-tenant': 'abc' } }))).toEqual([
      { part: 'query.page', expected: 'equals 1', actual: '2' },
      { part: 'headers.x-tenant', expected: 'regex ^t-', actual: 'abc' },
      { part: 'body', expected: 'json {"a":1} (partial)', actual: undefined },
    ]);
    expect(compile({ not: { query: { a: '1' } } }).explain(testRequest('GET', '/?a=1'))).toEqual([
      { part: 'match', expected: 'not (query.a equals "1")', actual: 'it matched' },
    ]);
    expect(match.explain(testRequest('GET', '/?page=1', { headers: { 'x-tenant': 't-1' }, json: { a: 1 } }))).toEqual([]);
  });

  it('gives the same canonical text for the same predicates in another order', () => {
    const a = compile({ headers: { 'X-A': '1', 'x-b': '2' }, query: { q: { regex: 'x' } } });
    const b = compile({ query: { q: { regex: 'x' } }, headers: { 'x-b': '2', 'x-a': '1' } });
    expect(a.canonical).toBe(b.canonical);
    expect(a.canonical).not.toBe(compile({ headers: { 'x-a': '1' } }).canonical);
  });

  it('reports every invalid predicate with its config path', () => {
    const result = compileRequestMatch({ headers: { 'x-a': { regex: '(' } }, body: { regex: '[' } } as RequestMatch, {
      at: 'endpoints[4].match',
    });
    expect(result.ok ? [] : result.error.map((issue) => issue.path)).toEqual(['endpoints[4].match.headers.x-a.regex', 'endpoints[4].match.body.regex']);
  });
});

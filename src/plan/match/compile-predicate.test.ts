import { describe, expect, it } from 'vitest';
import type { Predicate } from '../../config/index.js';
import { compilePredicate } from './compile-predicate.js';
import { createSchemaCompiler } from './create-schema-compiler.js';
import { selectedValueAccess } from './value-access.js';

const schemas = createSchemaCompiler();
const compile = (predicate: unknown) => {
  const result = compilePredicate(predicate as Predicate, 'p', schemas);
  if (!result.ok) throw new Error(result.error[0]?.message);
  return result.value;
};
/** Tests a predicate against a plain value: strings are text, other values are JSON. */
const holds = (predicate: unknown, value: unknown): boolean => compile(predicate).test(value, selectedValueAccess);
const issueOf = (predicate: unknown) => {
  const result = compilePredicate(predicate as Predicate, 'endpoints[1].match.body', schemas);
  return result.ok ? undefined : result.error[0];
};

describe('compilePredicate', () => {
  it('treats literals as equals, numbers and booleans by value', () => {
    expect(holds('abc', 'abc')).toBe(true);
    expect(holds('abc', 'ABC')).toBe(false);
    expect(holds({ equals: 'abc', caseInsensitive: true }, 'ABC')).toBe(true);
    expect(holds(5, '5.0')).toBe(true);
    expect(holds(5, '')).toBe(false);
    expect(holds(true, 'true')).toBe(true);
    expect(holds({ equals: { a: 1 } }, { a: 1 })).toBe(true);
    expect(holds({ equals: { a: 1 } }, { a: 1, b: 2 })).toBe(false);
  });

  it('matches contains and regex, optionally case-insensitive', () => {
    expect(holds({ contains: 'ell' }, 'hello')).toBe(true);
    expect(holds({ contains: 'ELL', caseInsensitive: true }, 'hello')).toBe(true);
    expect(holds({ regex: '^t-' }, 't-42')).toBe(true);
    expect(holds({ regex: '^T-', flags: 'i' }, 't-42')).toBe(true);
    expect(holds({ regex: '^t-' }, 'abc')).toBe(false);
  });

  it('matches a list when any element matches; combinators see the whole list', () => {
    const list = { text: () => ['a', 'b'], json: () => undefined };
    expect(compile('b').test(null, list)).toBe(true);
    expect(compile({ not: { equals: 'a' } }).test(null, list)).toBe(false);
  });

  it('tells present from absent', () => {
    expect(holds({ present: true }, '')).toBe(true);
    expect(holds({ present: true }, undefined)).toBe(false);
    expect(holds({ absent: true }, undefined)).toBe(true);
    expect(holds({ present: false }, undefined)).toBe(true);
    expect(compile({ present: false }).canonical).toBe(compile({ absent: true }).canonical);
  });

  it('matches json partially: extra fields are ignored, arrays match in order', () => {
    const body = { user: { id: 7, name: 'ann' }, tags: ['a', 'b'], items: [{ sku: 'x', qty: 2 }] };
    expect(holds({ json: { user: { id: 7 } } }, body)).toBe(true);
    expect(holds({ json: { user: { id: 8 } } }, body)).toBe(false);
    expect(holds({ json: { tags: ['a', 'b'] } }, body)).toBe(true);
    expect(holds({ json: { tags: ['b', 'a'] } }, body)).toBe(false);
    expect(holds({ json: { tags: ['a'] } }, body)).toBe(false);
    expect(holds({ json: { items: [{ sku: 'x' }] } }, body)).toBe(true);
    expect(holds({ json: { user: { id: 7 } } }, undefined)).toBe(false);
  });

  it('matches jsonPath when it selects something, and filters', () => {
    const body = { items: [{ qty: 1 }, { qty: 3, sku: 'B' }] };
    expect(holds({ jsonPath: '$.items[?(@.qty > 1)]' }, body)).toBe(true);
    expect(holds({ jsonPath: '$.items[?(@.qty > 5)]' }, body)).toBe(false);
    expect(holds({ jsonPath: '$.items[*].sku', value: 'B' }, body)).toBe(true);
    expect(holds({ jsonPath: '$.items[*].qty', value: { regex: '^3$' } }, body)).toBe(true);
    expect(holds({ jsonPath: '$.items[*].qty', value: 2 }, body)).toBe(false);
    expect(holds({ jsonPath: '$.missing' }, body)).toBe(false);
    expect(holds({ jsonPath: '$.items' }, undefined)).toBe(false);
  });

  it('reads a JSON scalar as a value without members: only the root path selects it', () => {
    for (const scalar of [null, 0, false, '', 5, true, 'abc']) {
      expect(holds({ jsonPath: '$.a' }, scalar)).toBe(false);
      expect(holds({ jsonPath: '$..*' }, scalar)).toBe(false);
      expect(holds({ jsonPath: '$[0]' }, scalar)).toBe(false);
      expect(holds({ jsonPath: '$' }, scalar)).toBe(true);
      expect(holds({ jsonPath: '$', value: { equals: scalar } }, scalar)).toBe(true);
    }
    // not a JavaScript property of the string
    expect(holds({ jsonPath: '$.length' }, 'abc')).toBe(false);
    expect(holds({ jsonPath: '$.a', value: { jsonSchema: { type: 'object' } } }, '')).toBe(false);
    expect(holds({ jsonPath: '$.items[*]', value: { jsonPath: '$.a' } }, { items: [null, 1, { a: 1 }] })).toBe(true);
  });

  it('validates against a JSON Schema compiled once', () => {
    const schema = { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } };
    expect(holds({ jsonSchema: schema }, { email: 'a@b.io' })).toBe(true);
    expect(holds({ jsonSchema: schema }, { email: 'nope' })).toBe(false);
    expect(holds({ jsonSchema: schema }, {})).toBe(false);
  });

  it('combines with all, any and not, and counts leaves', () => {
    expect(holds({ all: [{ regex: '^t-' }, { not: 't-9' }] }, 't-1')).toBe(true);
    expect(holds({ all: [{ regex: '^t-' }, { not: 't-9' }] }, 't-9')).toBe(false);
    expect(holds({ any: ['a', 'b'] }, 'b')).toBe(true);
    expect(holds({ any: ['a', 'b'] }, 'c')).toBe(false);
    expect(compile({ all: [{ regex: '^t-' }, { not: 't-9' }] }).leafCount).toBe(2);
    expect(compile({ jsonPath: '$.a', value: { any: [1, 2] } }).leafCount).toBe(3);
  });

  it('describes and canonicalizes predicates stably', () => {
    expect(compile({ regex: '^t-' }).description).toBe('regex ^t-');
    expect(compile('a').canonical).toBe(compile({ equals: 'a' }).canonical);
    expect(compile({ json: { a: 1, b: 2 } }).canonical).toBe(compile({ json: { b: 2, a: 1 } }).canonical);
    expect(compile({ any: ['a', 'b'] }).canonical).toBe(compile({ any: ['b', 'a'] }).canonical);
    expect(compile('a').canonical).not.toBe(compile({ equals: 'a', caseInsensitive: true }).canonical);
  });

  it('reports invalid regexes, JSONPath and schemas as issues at their path', () => {
    expect(issueOf({ regex: '([' })).toMatchObject({ path: 'endpoints[1].match.body.regex', message: expect.stringMatching(/invalid regex/) });
    expect(issueOf({ jsonSchema: { type: 'nonsense' } })).toMatchObject({ path: 'endpoints[1].match.body.jsonSchema' });
    expect(issueOf({ all: ['a', { regex: '(' }] })).toMatchObject({ path: 'endpoints[1].match.body.all[1].regex' });
  });

  it('runs regexes, schema patterns and constraints in linear time, refusing what RE2 cannot run', () => {
    const evil = `${'a'.repeat(5_000)}!`;
    const started = performance.now();
    expect(holds({ regex: '^(a+)+$' }, evil)).toBe(false);
    expect(holds({ jsonSchema: { type: 'string', pattern: '^(a+)+$' } }, evil)).toBe(false);
    expect(holds({ jsonSchema: { type: 'object', patternProperties: { '^(a+)+$': { type: 'number' } } } }, { [evil]: 'x' })).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(holds({ regex: '(?i)^T-' }, 't-acme')).toBe(true);
    expect(issueOf({ regex: '^(a)\\1$' })).toMatchObject({ path: 'endpoints[1].match.body.regex', message: expect.stringContaining('backreference') });
    expect(issueOf({ jsonSchema: { type: 'string', pattern: 'a(?=b)' } })).toMatchObject({
      path: 'endpoints[1].match.body.jsonSchema',
      message: expect.stringContaining('lookahead'),
    });
  });

  it('refuses regex calls in JSONPath filters, which would run with a backtracking engine', () => {
    expect(issueOf({ jsonPath: '$.items[?(@.name.match(/^(a+)+$/))]' })).toMatchObject({
      path: 'endpoints[1].match.body.jsonPath',
      message: expect.stringContaining('match() is not supported in a JSONPath filter'),
    });
    expect(issueOf({ jsonPath: '$.items[?(@.name.search ("x") > 0)]' })?.message).toContain('search() is not supported');
    expect(issueOf({ jsonPath: "$.items[?(@.name == 'match(')]" })?.message).toBeUndefined();
  });
});

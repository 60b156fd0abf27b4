import { describe, expect, it } from 'vitest';
import { mergePatch } from './merge-patch.js';

describe('mergePatch (RFC 7396)', () => {
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: 'b' }, ['c'], ['c']],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  ])('patches %j with %j into %j', (target, patch, expected) => {
    expect(mergePatch(target, patch)).toEqual(expected);
  });

  it('adds a "__proto__" member as an own member and keeps the prototype', () => {
    const patch = JSON.parse('{"__proto__":{"admin":true}}') as unknown;
    const result = mergePatch({ a: 1 }, patch) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
    expect(result.admin).toBeUndefined();
    expect(JSON.stringify(result)).toBe('{"a":1,"__proto__":{"admin":true}}');
  });

  it('merges into an own "__proto__" member and removes it with null', () => {
    const target = JSON.parse('{"__proto__":{"a":1}}') as unknown;
    expect(JSON.stringify(mergePatch(target, JSON.parse('{"__proto__":{"b":2}}')))).toBe('{"__proto__":{"a":1,"b":2}}');
    expect(JSON.stringify(mergePatch(target, JSON.parse('{"__proto__":null}')))).toBe('{}');
  });

  it('does not merge into an inherited member', () => {
    expect(mergePatch({}, { constructor: { a: 1 } })).toEqual({ constructor: { a: 1 } });
  });
});

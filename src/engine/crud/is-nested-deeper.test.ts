import { describe, expect, it } from 'vitest';
import { isNestedDeeper } from './is-nested-deeper.js';

describe('isNestedDeeper', () => {
  it('counts levels of arrays and objects, not scalars', () => {
    expect(isNestedDeeper({ a: 1 }, 1)).toBe(false);
    expect(isNestedDeeper({ a: { b: [1] } }, 2)).toBe(true);
    expect(isNestedDeeper({ a: { b: [1] } }, 3)).toBe(false);
    expect(isNestedDeeper('text', 0)).toBe(false);
  });

  it('answers for 100,000 nested arrays without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    expect(isNestedDeeper(deep, 64)).toBe(true);
  });
});

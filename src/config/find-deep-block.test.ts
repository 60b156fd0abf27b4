import { describe, expect, it } from 'vitest';
import { findDeepBlock } from './find-deep-block.js';

describe('findDeepBlock', () => {
  it('counts levels by indentation', () => {
    const text = 'a:\n  b:\n    c: 1\n  d: 2\ne: 3\n';
    expect(findDeepBlock(text, 3)).toBeUndefined();
    expect(findDeepBlock(text, 2)).toBe(text.indexOf('c:'));
  });

  it('counts each list indicator written on one line as a level', () => {
    expect(findDeepBlock('- - - x', 4)).toBeUndefined();
    expect(findDeepBlock('- - - x', 3)).toBe(0);
    expect(findDeepBlock('list:\n  - ? key\n    : value\n', 3)).toBe(8);
    expect(findDeepBlock(`${'- '.repeat(1000)}x`, 256)).toBe(0);
  });

  it('does not count comments, blank lines, document markers or negative numbers', () => {
    expect(findDeepBlock('---\na:\n\n  # - - - - -\n  b: -1\n  c: [-1]\n', 2)).toBeUndefined();
  });

  it('finds nesting built from indentation alone', () => {
    const text = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(findDeepBlock(text, 256)).toBe(text.indexOf(`${' '.repeat(256)}k256:`) + 256);
  });
});

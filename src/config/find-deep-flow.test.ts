import { describe, expect, it } from 'vitest';
import { findDeepFlow } from './find-deep-flow.js';

describe('findDeepFlow', () => {
  it('finds where brackets open past the limit', () => {
    expect(findDeepFlow('x: [[[[]]]]', 3)).toBe(6);
    expect(findDeepFlow('x: [[[]]], y: [[[]]]', 3)).toBeUndefined();
  });

  it('does not count brackets in quoted strings or comments', () => {
    const text = `a: "[[[[\\"[[[["\nb: '[[[[''[[[['\n# [[[[[[[[\nc: [x] # {{{{{{{{\n`;
    expect(findDeepFlow(text, 2)).toBeUndefined();
  });
});

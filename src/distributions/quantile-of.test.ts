import { describe, expect, it } from 'vitest';
import { quantileOf } from './quantile-of.js';

describe('quantileOf', () => {
  it('interpolates between order statistics (type 7)', () => {
    const sorted = [10, 20, 30, 40, 50];
    expect(quantileOf(sorted, 0)).toBe(10);
    expect(quantileOf(sorted, 0.5)).toBe(30);
    expect(quantileOf(sorted, 0.9)).toBe(46);
    expect(quantileOf(sorted, 1)).toBe(50);
    expect(quantileOf(new Float64Array([7]), 0.99)).toBe(7);
  });

  it('throws on a caller bug: no samples or p outside [0, 1]', () => {
    expect(() => quantileOf([], 0.5)).toThrow(RangeError);
    expect(() => quantileOf([1], 1.5)).toThrow(RangeError);
  });
});

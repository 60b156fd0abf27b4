import { describe, expect, it } from 'vitest';
import { ksDistanceTwoSample } from './ks-distance-two-sample.js';

describe('ksDistanceTwoSample', () => {
  it('is 0 for the same samples in any order and 1 for disjoint ones', () => {
    expect(ksDistanceTwoSample([1, 2, 3], [3, 1, 2])).toBe(0);
    expect(ksDistanceTwoSample([1, 2], [5, 6, 7])).toBe(1);
  });

  it('is the largest gap between the two empirical CDFs, counting ties on both sides', () => {
    expect(ksDistanceTwoSample([1, 2, 3, 4], [3, 4, 5, 6])).toBe(0.5);
    expect(ksDistanceTwoSample([1, 1, 2, 2], [1, 2])).toBe(0);
  });

  it('throws when a side is empty', () => {
    expect(() => ksDistanceTwoSample([], [1])).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { ksDistance } from './ks-distance.js';

const uniformCdf = (x: number): number => Math.min(1, Math.max(0, x));

describe('ksDistance', () => {
  it('is the largest gap between the empirical and the given CDF', () => {
    // Empirical steps at 0.1, 0.2, 0.9 against the uniform CDF: the widest gap is at 0.2 (2/3 vs 0.2).
    expect(ksDistance([0.9, 0.1, 0.2], uniformCdf)).toBeCloseTo(2 / 3 - 0.2, 12);
    expect(ksDistance([0.5], uniformCdf)).toBeCloseTo(0.5, 12);
  });

  it('handles atoms: samples of a point mass are at distance 0 from its CDF', () => {
    expect(ksDistance([3, 3, 3, 3], (x) => (x >= 3 ? 1 : 0))).toBe(0);
    // Half at an atom at 0, half uniform on (0, 1].
    const mixed = [0, 0, 0, 0, 0.125, 0.375, 0.625, 0.875];
    expect(ksDistance(mixed, (x) => (x < 0 ? 0 : 0.5 + 0.5 * Math.min(1, x)))).toBeCloseTo(0.0625, 12);
  });

  it('does not reorder its input', () => {
    const samples = [0.3, 0.1, 0.2];
    ksDistance(samples, uniformCdf);
    expect(samples).toEqual([0.3, 0.1, 0.2]);
  });
});

import { describe, expect, it } from 'vitest';
import { standardNormalCdf, standardNormalQuantile } from './standard-normal.js';

describe('standardNormalQuantile', () => {
  it('matches reference values across the centre and both tails', () => {
    expect(standardNormalQuantile(0.5)).toBe(0);
    expect(standardNormalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(standardNormalQuantile(0.99)).toBeCloseTo(2.3263478740408408, 14);
    expect(standardNormalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 14);
    expect(standardNormalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(standardNormalQuantile(1e-300)).toBeCloseTo(-37.0471, 3);
  });

  it('returns infinities at the ends and NaN outside [0, 1]', () => {
    expect(standardNormalQuantile(0)).toBe(-Infinity);
    expect(standardNormalQuantile(1)).toBe(Infinity);
    expect(standardNormalQuantile(1.5)).toBeNaN();
    expect(standardNormalQuantile(-0.1)).toBeNaN();
  });
});

describe('standardNormalCdf', () => {
  it('matches reference values', () => {
    expect(standardNormalCdf(0)).toBe(0.5);
    expect(standardNormalCdf(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(standardNormalCdf(-3) / 0.0013498980316301035).toBeCloseTo(1, 10);
    expect(standardNormalCdf(-8) / 6.22096057427178e-16).toBeCloseTo(1, 6);
    expect(standardNormalCdf(40)).toBe(1);
  });

  it('is the inverse of the quantile function', () => {
    for (const p of [1e-6, 0.001, 0.02, 0.3, 0.5, 0.77, 0.99, 0.999999]) {
      expect(Math.abs(standardNormalCdf(standardNormalQuantile(p)) - p) / Math.min(p, 1 - p)).toBeLessThan(1e-10);
    }
    // Past 7σ the CDF's continued fraction is good to a few parts in 1e9 (absolute error ~1e-21).
    expect(Math.abs(standardNormalCdf(standardNormalQuantile(1e-12)) - 1e-12) / 1e-12).toBeLessThan(1e-8);
  });
});

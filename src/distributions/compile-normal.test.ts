import { describe, expect, it } from 'vitest';
import { compileNormal } from './compile-normal.js';
import { expectCompiled, expectFidelity } from './fidelity-for-tests.js';
import { standardNormalQuantile } from './standard-normal.js';

describe('compileNormal', () => {
  it('matches the plain normal when 0 is far below the mean', () => {
    const sampler = expectCompiled(compileNormal({ mean: '100ms', stddev: '15ms' }));
    expect(sampler.label).toBe('normal(mean 100ms, σ 15ms)');
    expect(sampler.quantile(0.9)).toBeCloseTo(100 + 15 * standardNormalQuantile(0.9), 9);
    expectFidelity(sampler, 41);
  });

  it('truncates at 0 instead of piling the negative mass into an atom at 0', () => {
    // mean = stddev: a plain normal would put 15.9% of draws below 0.
    const sampler = expectCompiled(compileNormal({ mean: 50, stddev: 50 }));
    const sorted = expectFidelity(sampler, 42);
    expect(sorted[0]).toBeGreaterThanOrEqual(0);
    const zeros = sorted.filter((x) => x === 0).length;
    expect(zeros).toBe(0);
    expect(sampler.quantile(0)).toBe(0);
    expect(sampler.cdf(0)).toBe(0);
    // The truncated median solves Φ(z) = Φ(-1) + (1 - Φ(-1))/2.
    expect(sampler.quantile(0.5)).toBeCloseTo(50 + 50 * standardNormalQuantile(0.15865525393 + 0.5 * (1 - 0.15865525393)), 3);
  });

  it('is a half-normal when the mean is 0', () => {
    const sampler = expectCompiled(compileNormal({ mean: 0, stddev: '10ms' }));
    expect(sampler.quantile(0.5)).toBeCloseTo(10 * standardNormalQuantile(0.75), 9);
    expectFidelity(sampler, 43);
  });

  it('is a point mass at the mean when stddev is 0', () => {
    const sampler = expectCompiled(compileNormal({ mean: 30, stddev: 0 }));
    expect([sampler.quantile(0.01), sampler.quantile(0.99), sampler.cdf(29), sampler.cdf(30)]).toEqual([30, 30, 0, 1]);
  });
});

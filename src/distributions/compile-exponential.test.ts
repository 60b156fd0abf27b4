import { describe, expect, it } from 'vitest';
import { compileExponential } from './compile-exponential.js';
import { expectCompiled, expectFidelity } from './fidelity-for-tests.js';

describe('compileExponential', () => {
  it('matches its analytic quantiles and CDF', () => {
    const sampler = expectCompiled(compileExponential({ mean: '40ms' }));
    expect(sampler.label).toBe('exponential(mean 40ms)');
    expect(sampler.quantile(0.5)).toBeCloseTo(40 * Math.LN2, 12);
    const sorted = expectFidelity(sampler, 21);
    const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
    expect(Math.abs(mean - 40)).toBeLessThan(0.4);
  });

  it('is a point mass at 0 when the mean is 0', () => {
    const sampler = expectCompiled(compileExponential({ mean: 0 }));
    expect([sampler.quantile(0.99), sampler.cdf(0), sampler.cdf(-1)]).toEqual([0, 1, 0]);
  });
});

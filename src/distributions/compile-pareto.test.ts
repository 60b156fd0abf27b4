import { describe, expect, it } from 'vitest';
import { compilePareto } from './compile-pareto.js';
import { expectCompiled, expectFidelity } from './fidelity-for-tests.js';

describe('compilePareto', () => {
  it('matches its analytic quantiles and CDF', () => {
    const sampler = expectCompiled(compilePareto({ scale: '50ms', shape: 3 }));
    expect(sampler.label).toBe('pareto(scale 50ms, shape 3)');
    expect(sampler.quantile(0.99)).toBeCloseTo(50 * 100 ** (1 / 3), 9);
    const sorted = expectFidelity(sampler, 31);
    expect(sorted[0]).toBeGreaterThanOrEqual(50);
  });

  it('draws finite values even with an infinite mean (shape ≤ 1)', () => {
    const sampler = expectCompiled(compilePareto({ scale: 10, shape: 0.5 }));
    expect(Number.isFinite(sampler.quantile(1 - 2 ** -32))).toBe(true);
    expect(sampler.cdf(sampler.quantile(0.75))).toBeCloseTo(0.75, 12);
  });
});

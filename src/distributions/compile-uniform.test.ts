import { describe, expect, it } from 'vitest';
import { compileUniform } from './compile-uniform.js';
import { expectCompiled, expectFidelity } from './fidelity-for-tests.js';

describe('compileUniform', () => {
  it('matches its analytic quantiles and CDF', () => {
    const sampler = expectCompiled(compileUniform({ min: '50ms', max: '150ms' }, 'latency'));
    expect(sampler.label).toBe('uniform(50ms, 150ms)');
    const sorted = expectFidelity(sampler, 11);
    expect(sorted[0]).toBeGreaterThanOrEqual(50);
    expect(sorted[sorted.length - 1]).toBeLessThan(150);
    expect(sampler.quantile(0.9)).toBe(140);
  });

  it('is a point mass when min equals max', () => {
    const sampler = expectCompiled(compileUniform({ min: 80, max: 80 }, 'latency'));
    expect([sampler.quantile(0.3), sampler.cdf(79), sampler.cdf(80)]).toEqual([80, 0, 1]);
  });

  it('refuses max below min, at max', () => {
    expect(compileUniform({ min: '300ms', max: '0.2s' }, 'endpoints[3].latency')).toEqual({
      ok: false,
      error: [{ path: 'endpoints[3].latency.uniform.max', message: 'max (200ms) is below min (300ms)' }],
    });
  });
});

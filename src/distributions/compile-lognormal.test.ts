import { describe, expect, it } from 'vitest';
import { compileLognormal } from './compile-lognormal.js';
import { expectCompiled, expectFidelity } from './fidelity-for-tests.js';

const AT = 'endpoints[3].latency';

describe('compileLognormal', () => {
  it('from { median, sigma } matches its analytic quantiles and CDF', () => {
    const sampler = expectCompiled(compileLognormal({ median: '100ms', sigma: 0.5 }, AT));
    expect(sampler.label).toBe('lognormal(median 100ms, σ 0.5)');
    expect(sampler.quantile(0.5)).toBeCloseTo(100, 9);
    expect(sampler.quantile(0.99)).toBeCloseTo(100 * Math.exp(0.5 * 2.3263478740408408), 9);
    expectFidelity(sampler, 51);
  });

  it('from { p50, p99 } hits both points exactly and agrees with { median, sigma }', () => {
    const fromPoints = expectCompiled(compileLognormal({ p50: '100ms', p99: '320ms' }, AT));
    expect(fromPoints.quantile(0.5)).toBeCloseTo(100, 9);
    expect(fromPoints.quantile(0.99)).toBeCloseTo(320, 9);
    const sigma = Math.log(3.2) / 2.3263478740408408;
    const fromMedian = expectCompiled(compileLognormal({ median: 100, sigma }, AT));
    for (const p of [0.01, 0.5, 0.9, 0.999]) expect(fromPoints.quantile(p)).toBeCloseTo(fromMedian.quantile(p), 9);
    expectFidelity(fromPoints, 52);
  });

  it('from { mean, stddev } has that mean and stddev and agrees with the other forms', () => {
    const sampler = expectCompiled(compileLognormal({ mean: '120ms', stddev: '60ms' }, AT));
    const sorted = expectFidelity(sampler, 53);
    const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
    const stddev = Math.sqrt(sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / (sorted.length - 1));
    expect(Math.abs(mean / 120 - 1)).toBeLessThan(0.01);
    expect(Math.abs(stddev / 60 - 1)).toBeLessThan(0.03);
    // sigma² = ln(1 + 0.25), median = mean / sqrt(1 + 0.25)
    const sigma = Math.sqrt(Math.log(1.25));
    const median = 120 / Math.sqrt(1.25);
    const fromMedian = expectCompiled(compileLognormal({ median, sigma }, AT));
    const fromPoints = expectCompiled(compileLognormal({ p50: median, p99: fromMedian.quantile(0.99) }, AT));
    for (const p of [0.1, 0.5, 0.99]) {
      expect(sampler.quantile(p)).toBeCloseTo(fromMedian.quantile(p), 9);
      expect(fromPoints.quantile(p)).toBeCloseTo(fromMedian.quantile(p), 9);
    }
  });

  it('is a point mass when p99 equals p50', () => {
    const sampler = expectCompiled(compileLognormal({ p50: 80, p99: 80 }, AT));
    expect([sampler.quantile(0), sampler.quantile(0.99), sampler.cdf(79), sampler.cdf(80)]).toEqual([80, 80, 0, 1]);
  });

  it('refuses p99 below p50, at p99', () => {
    expect(compileLognormal({ p50: '400ms', p99: '0.3s' }, AT)).toEqual({
      ok: false,
      error: [{ path: `${AT}.lognormal.p99`, message: 'p99 (300ms) is below p50 (400ms)' }],
    });
  });

  it('refuses a zero median or mean, which a lognormal never reaches', () => {
    expect(compileLognormal({ median: 0, sigma: 1 }, AT)).toEqual({
      ok: false,
      error: [{ path: `${AT}.lognormal.median`, message: 'median must be greater than 0 (a lognormal never reaches 0)' }],
    });
    expect(compileLognormal({ mean: '0ms', stddev: '5ms' }, AT)).toMatchObject({ ok: false, error: [{ path: `${AT}.lognormal.mean` }] });
    expect(compileLognormal({ p50: 0, p99: 5 }, AT)).toMatchObject({ ok: false, error: [{ path: `${AT}.lognormal.p50` }] });
  });
});

import { describe, expect, it } from 'vitest';
import { compilePercentiles } from './compile-percentiles.js';
import { drawSorted, expectCompiled, expectFidelity } from './fidelity-for-tests.js';
import { ksDistance } from './ks-distance.js';
import { quantileOf } from './quantile-of.js';

const AT = 'endpoints[3].latency';

describe('compilePercentiles', () => {
  const dashboard = { p50: '80ms', p90: '200ms', p99: '900ms', max: '3s' };

  it('passes exactly through every configured point', () => {
    const sampler = expectCompiled(compilePercentiles(dashboard, AT));
    expect(sampler.label).toBe('percentiles(p50 80ms, p90 200ms, p99 900ms, max 3000ms)');
    for (const [p, ms] of [
      [0, 0],
      [0.5, 80],
      [0.9, 200],
      [0.99, 900],
      [1, 3000],
    ] as const) {
      expect(sampler.quantile(p)).toBeCloseTo(ms, 9);
      expect(sampler.cdf(ms)).toBeCloseTo(p, 12);
    }
  });

  it('hits every point of a lognormal-like table within 1% and matches its CDF', () => {
    // The table of lognormal(median 100ms, σ 0.5), rounded.
    const sampler = expectCompiled(compilePercentiles({ p50: '100ms', p90: '190ms', p99: '320ms' }, AT));
    const sorted = expectFidelity(sampler, 61);
    for (const [p, ms] of [
      [0.5, 100],
      [0.9, 190],
      [0.99, 320],
    ] as const) {
      expect(Math.abs(quantileOf(sorted, p) / ms - 1)).toBeLessThanOrEqual(0.01);
    }
  });

  it('hits the points of a steep dashboard table in probability', () => {
    // p90 200ms → p99 900ms is steep: one draw in 1,000 moves the empirical p90 by ~3ms (1.5%), so
    // a quantile bar of 1% is noise there whatever the sampler. The share of draws at or below each
    // point is the sharp check: within 3 standard errors of p.
    const sampler = expectCompiled(compilePercentiles(dashboard, AT));
    const sorted = drawSorted(sampler, 61);
    expect(ksDistance(sorted, sampler.cdf)).toBeLessThanOrEqual(0.01);
    for (const [p, ms] of [
      [0.5, 80],
      [0.9, 200],
      [0.99, 900],
    ] as const) {
      const share = sorted.filter((x) => x <= ms).length / sorted.length;
      expect(Math.abs(share - p)).toBeLessThanOrEqual(3 * Math.sqrt((p * (1 - p)) / sorted.length));
    }
    expect(sorted[sorted.length - 1]).toBeLessThanOrEqual(3000);
  });

  it('is monotone: the quantile never decreases and the CDF never decreases', () => {
    const sampler = expectCompiled(compilePercentiles({ p10: 5, p50: 5, p75: 40, p99: 41, 'p99.9': 500 }, AT));
    let previousQuantile = -Infinity;
    let previousCdf = 0;
    for (let i = 0; i <= 10_000; i++) {
      const q = sampler.quantile(i / 10_000);
      expect(q).toBeGreaterThanOrEqual(previousQuantile);
      previousQuantile = q;
      const c = sampler.cdf(i / 10);
      expect(c).toBeGreaterThanOrEqual(previousCdf);
      previousCdf = c;
    }
    // A flat run (p10 = p50 = 5ms) is an atom holding that mass; the CDF includes it at 5ms.
    expect(sampler.cdf(5)).toBe(0.5);
    expect(sampler.cdf(4.999)).toBeLessThan(0.1);
  });

  it('extends the tail past the highest point by repeating the last gap per nine', () => {
    const sampler = expectCompiled(compilePercentiles({ p90: '200ms', p99: '900ms' }, AT));
    expect(sampler.quantile(0.999)).toBeCloseTo(1600, 6);
    expect(sampler.quantile(0.9999)).toBeCloseTo(2300, 6);
    expectFidelity(sampler, 62);
  });

  it('truncates that tail at max so max is reached exactly at p = 1', () => {
    const sampler = expectCompiled(compilePercentiles({ p90: '200ms', p99: '900ms', max: '1.2s' }, AT));
    expect(sampler.quantile(0.99)).toBeCloseTo(900, 9);
    expect(sampler.quantile(1)).toBeCloseTo(1200, 9);
    expect(sampler.cdf(1200)).toBe(1);
    expect(sampler.cdf(1199)).toBeLessThan(1);
    expect(drawSorted(sampler, 63).at(-1)).toBeLessThanOrEqual(1200);
  });

  it('starts from min (or p0) instead of 0 when given', () => {
    const sampler = expectCompiled(compilePercentiles({ min: '20ms', p50: '40ms', max: '100ms' }, AT));
    expect(sampler.quantile(0)).toBe(20);
    // Halfway between p0 and p50 on the nines axis: y = ln(2)/2, p = 1 − 2^(−1/2).
    expect(sampler.quantile(1 - Math.SQRT1_2)).toBeCloseTo(30, 9);
    expect(sampler.cdf(19)).toBe(0);
    expectFidelity(sampler, 64);
  });

  it('is uniform between min and max when no point lies between', () => {
    const sampler = expectCompiled(compilePercentiles({ max: 100 }, AT));
    expect([sampler.quantile(0.3), sampler.cdf(70)]).toEqual([30, 0.7]);
  });

  it('names the keys that break monotonicity', () => {
    expect(compilePercentiles({ p50: '100ms', p90: '400ms', p99: '300ms', 'p99.9': '350ms', min: '150ms' }, AT)).toEqual({
      ok: false,
      error: [
        { path: `${AT}.percentiles.p50`, message: 'p50 (100ms) is below min (150ms)' },
        { path: `${AT}.percentiles.p99`, message: 'p99 (300ms) is below p90 (400ms)' },
      ],
    });
  });

  it('refuses a table with no point above min, and min given twice', () => {
    expect(compilePercentiles({ min: 10 }, AT)).toEqual({
      ok: false,
      error: [{ path: `${AT}.percentiles`, message: 'needs a point above min, e.g. p50 or max' }],
    });
    expect(compilePercentiles({ min: 10, p0: 10, p50: 20 }, AT)).toMatchObject({
      ok: false,
      error: [{ message: 'p0 and min are the same point; give one of them' }],
    });
  });

  it('quotes keys that are not identifiers in issue paths', () => {
    expect(compilePercentiles({ p99: '300ms', 'p99.9': '200ms' }, AT)).toMatchObject({
      ok: false,
      error: [{ path: `${AT}.percentiles["p99.9"]`, message: 'p99.9 (200ms) is below p99 (300ms)' }],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { clampLatency, compileClamp } from './clamp-latency.js';
import { compileExponential } from './compile-exponential.js';
import { drawSorted, expectCompiled } from './fidelity-for-tests.js';
import { ksDistance } from './ks-distance.js';

const exponential = expectCompiled(compileExponential({ mean: '100ms' }));

describe('clampLatency', () => {
  it('moves samples outside [min, max] onto the bounds, leaving the rest as drawn', () => {
    const sampler = clampLatency(exponential, { minMs: 20, maxMs: 300 });
    expect(sampler.label).toBe('exponential(mean 100ms) clamped to min 20ms, max 300ms');
    const sorted = drawSorted(sampler, 81);
    const n = sorted.length;
    expect(sorted[0]).toBe(20);
    expect(sorted[n - 1]).toBe(300);
    // The atoms hold the mass the clamps cut off: P(X < 20) = 1 − e^−0.2, P(X > 300) = e^−3.
    expect(Math.abs(sorted.filter((x) => x === 20).length / n - -Math.expm1(-0.2))).toBeLessThan(0.005);
    expect(Math.abs(sorted.filter((x) => x === 300).length / n - Math.exp(-3))).toBeLessThan(0.002);
    expect(ksDistance(sorted, sampler.cdf)).toBeLessThanOrEqual(0.01);
  });

  it('clamps the quantile and puts the atoms in the CDF', () => {
    const sampler = clampLatency(exponential, { minMs: 20, maxMs: 300 });
    expect(sampler.quantile(0.01)).toBe(20);
    expect(sampler.quantile(0.5)).toBeCloseTo(100 * Math.LN2, 9);
    expect(sampler.quantile(0.999)).toBe(300);
    expect([sampler.cdf(19.9), sampler.cdf(299.9) < 1, sampler.cdf(300)]).toEqual([0, true, 1]);
    expect(sampler.cdf(20)).toBeCloseTo(-Math.expm1(-0.2), 12);
  });

  it('accepts one side alone', () => {
    const sampler = clampLatency(exponential, { minMs: -Infinity, maxMs: 250 });
    expect(sampler.label).toBe('exponential(mean 100ms) clamped to max 250ms');
    expect(sampler.quantile(0)).toBe(0);
  });
});

describe('compileClamp', () => {
  it('is undefined without min and max, and reads durations', () => {
    expect(compileClamp({}, 'latency')).toEqual({ ok: true, value: undefined });
    expect(compileClamp({ min: '1s' }, 'latency')).toEqual({ ok: true, value: { minMs: 1000, maxMs: Infinity } });
  });

  it('refuses max below min, at max', () => {
    expect(compileClamp({ min: '2s', max: '500ms' }, 'defaults.latency')).toEqual({
      ok: false,
      error: [{ path: 'defaults.latency.max', message: 'max (500ms) is below min (2000ms)' }],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { fitLatency } from './fit-latency.js';
import { createRandom } from './random.js';
import { standardNormalQuantile } from './standard-normal.js';

/** n draws of lognormal(median, sigma) from a fixed seed, by inverse transform. */
function lognormalSamples(n: number, medianMs: number, sigma: number, seed: number): number[] {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => medianMs * Math.exp(sigma * standardNormalQuantile(random.next())));
}

describe('fitLatency', () => {
  it('recovers a lognormal median and sigma by maximum likelihood when KS accepts it', () => {
    const fit = fitLatency(lognormalSamples(2000, 120, 0.5, 42));
    expect(fit?.kind).toBe('lognormal');
    if (fit?.kind !== 'lognormal') return;
    // Standard errors at n = 2000: σ/√n ≈ 1.1% on the median, σ/√(2n) ≈ 0.008 on sigma.
    expect(parseFloat(fit.latency.lognormal.median)).toBeGreaterThan(120 * 0.96);
    expect(parseFloat(fit.latency.lognormal.median)).toBeLessThan(120 * 1.04);
    expect(fit.latency.lognormal.sigma).toBeGreaterThan(0.47);
    expect(fit.latency.lognormal.sigma).toBeLessThan(0.53);
    expect(fit.ksDistance).toBeLessThan(fit.ksCritical);
  });

  it('falls back to percentiles when the data are plainly not lognormal (two far-apart modes)', () => {
    const bimodal = [...lognormalSamples(500, 10, 0.1, 1), ...lognormalSamples(500, 1000, 0.1, 2)];
    const fit = fitLatency(bimodal);
    expect(fit?.kind).toBe('percentiles');
    if (fit?.kind !== 'percentiles') return;
    expect(fit.ksDistance).toBeGreaterThanOrEqual(fit.ksCritical);
    const points = fit.latency.percentiles;
    expect(Object.keys(points)).toEqual(['min', 'p50', 'p90', 'p99', 'max']);
    const ms = Object.values(points).map((v) => parseFloat(v));
    expect([...ms].sort((a, b) => a - b)).toEqual(ms);
    expect(ms[2]).toBeGreaterThan(800);
  });

  it('gives fixed for one sample or identical ones, and nothing for no usable sample', () => {
    expect(fitLatency([25.5])).toEqual({ kind: 'fixed', latency: { fixed: '25.5ms' }, samples: 1 });
    expect(fitLatency([7, 7, 7])?.kind).toBe('fixed');
    expect(fitLatency([])).toBeUndefined();
    expect(fitLatency([-1, Number.NaN, Number.POSITIVE_INFINITY])).toBeUndefined();
  });

  it('is deterministic: the same samples give the same text', () => {
    const samples = lognormalSamples(300, 50, 0.8, 9);
    expect(JSON.stringify(fitLatency(samples))).toBe(JSON.stringify(fitLatency([...samples].reverse())));
  });
});

import { describe, expect, it } from 'vitest';
import { compileLatency, standardNormalCdf as normalCdf } from '../src/distributions/index.js';
import {
  correctForTruncation,
  ksCriticalValue,
  ksDistanceFromQuantiles,
  lognormalQuantileRelativeSe,
  quantileFromPoints,
  relativeError,
  requestsForQuantile,
} from '../bench/fidelity-statistics.js';

function sampler(config: Parameters<typeof compileLatency>[0]) {
  const compiled = compileLatency(config, 'test');
  if (!compiled.ok) throw new Error('did not compile');
  return compiled.value;
}
const lognormal = sampler({ lognormal: { median: '100ms', sigma: 0.5 } });
// wrk's grid as bench/fidelity.lua prints it: p0.1 … p99.9 in 0.1 steps, then p99.95 and p99.99.
const grid = [...Array.from({ length: 999 }, (_, index) => (index + 1) / 1_000), 0.9995, 0.9999];

describe('ksDistanceFromQuantiles', () => {
  it('is 0 for the intended quantiles themselves', () => {
    expect(
      ksDistanceFromQuantiles(
        grid.map((p) => ({ p, x: lognormal.quantile(p) })),
        lognormal.cdf,
      ),
    ).toBeCloseTo(0, 6);
  });

  it('equals the CDF gap of a distribution shifted by 5%', () => {
    const shifted = grid.map((p) => ({ p, x: lognormal.quantile(p) * 1.05 }));
    // max over p of |p − Φ(z_p + ln 1.05 / σ)|, largest at the median: Φ(0.0976) − 0.5 ≈ 0.0389
    expect(ksDistanceFromQuantiles(shifted, lognormal.cdf)).toBeCloseTo(normalCdf(Math.log(1.05) / 0.5) - 0.5, 3);
  });
});

describe('quantile standard errors and sample sizes (lognormal σ 0.5)', () => {
  it('matches the order-statistic formula at the median: σ·√(p(1−p)/n)/φ(0)', () => {
    expect(lognormalQuantileRelativeSe(0.5, 0.5, 10_000)).toBeCloseTo((0.5 * 0.5) / 100 / 0.398942, 6);
  });

  it('needs about 3.9k requests for ±2% at p50 and about 215k at p99.9 (95% confidence)', () => {
    expect(requestsForQuantile(0.5, 0.5, 0.02)).toBeGreaterThan(3_800);
    expect(requestsForQuantile(0.5, 0.5, 0.02)).toBeLessThan(3_900);
    expect(requestsForQuantile(0.999, 0.5, 0.02)).toBeGreaterThan(200_000);
    expect(requestsForQuantile(0.999, 0.5, 0.02)).toBeLessThan(230_000);
  });

  it('needs about four times as many requests for half the error', () => {
    const ratio = requestsForQuantile(0.99, 0.5, 0.01) / requestsForQuantile(0.99, 0.5, 0.02);
    expect(ratio).toBeGreaterThan(3.9);
    expect(ratio).toBeLessThan(4.1);
  });

  it('puts the 5% KS critical value at 1.358/√n', () => {
    expect(ksCriticalValue(10_000)).toBeCloseTo(0.01358, 6);
  });
});

describe('correctForTruncation', () => {
  it('changes almost nothing when the run is much longer than the latencies', () => {
    const points = grid.map((p) => ({ p, x: lognormal.quantile(p) }));
    const corrected = correctForTruncation(points, 3_600);
    expect(quantileFromPoints(corrected, 0.99)).toBeCloseTo(lognormal.quantile(0.99), 0);
  });

  it('recovers the tail from a sample weighted by (D − x)', () => {
    // Build the biased distribution wrk reports for a 10 s run of 1 s-median latencies: density ∝ f(x)(D − x).
    const slow = sampler({ lognormal: { median: '1s', sigma: 0.5 } });
    const fine = Array.from({ length: 99_999 }, (_, index) => (index + 1) / 100_000);
    const weights = fine.map((p) => 10_000 - slow.quantile(p));
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let cumulative = 0;
    const biasedCdf = fine.map((p, index) => ({ x: slow.quantile(p), p: (cumulative += weights[index] ?? 0) / total }));
    const biased = grid.map((p) => ({ p, x: quantileFromPoints(biasedCdf, p) }));
    expect(relativeError(quantileFromPoints(biased, 0.999), slow.quantile(0.999))).toBeLessThan(-0.02);
    const corrected = correctForTruncation(biased, 10);
    expect(Math.abs(relativeError(quantileFromPoints(corrected, 0.999), slow.quantile(0.999)))).toBeLessThan(0.01);
    expect(Math.abs(relativeError(quantileFromPoints(corrected, 0.5), slow.quantile(0.5)))).toBeLessThan(0.005);
  });
});

describe('quantileFromPoints', () => {
  it('interpolates between grid points and clamps at the ends', () => {
    const points = [
      { p: 0.1, x: 10 },
      { p: 0.5, x: 50 },
      { p: 0.9, x: 90 },
    ];
    expect(quantileFromPoints(points, 0.3)).toBeCloseTo(30, 9);
    expect(quantileFromPoints(points, 0.05)).toBe(10);
    expect(quantileFromPoints(points, 0.95)).toBe(90);
  });
});

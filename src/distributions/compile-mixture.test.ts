import { describe, expect, it } from 'vitest';
import { compileMixture } from './compile-mixture.js';
import { expectCompiled, expectFidelity } from './fidelity-for-tests.js';

const AT = 'endpoints[0].latency';

describe('compileMixture', () => {
  it('draws each component in proportion to its normalised weight', () => {
    // Disjoint supports, so each sample tells which component it came from; the weights keep
    // p50/p90/p99 inside a component (at a gap's edge an empirical quantile jumps across the gap).
    const sampler = expectCompiled(
      compileMixture(
        [
          { weight: 11, uniform: { min: 0, max: 10 } },
          { weight: 6, fixed: 50 },
          { weight: 3, uniform: { min: 100, max: 200 } },
        ],
        AT,
      ),
    );
    expect(sampler.label).toBe('mixture(0.55 × uniform(0ms, 10ms), 0.3 × fixed(50ms), 0.15 × uniform(100ms, 200ms))');
    const sorted = expectFidelity(sampler, 71);
    const n = sorted.length;
    const shares = [sorted.filter((x) => x < 10).length / n, sorted.filter((x) => x === 50).length / n, sorted.filter((x) => x >= 100).length / n];
    // Binomial standard error at n = 100k is at most 0.0016; allow 3 of them.
    shares.forEach((share, i) => expect(Math.abs(share - [0.55, 0.3, 0.15][i]!)).toBeLessThan(0.005));
  });

  it('has the weighted sum of the components as CDF and inverts it for quantiles', () => {
    // Overlapping components: in a valley between two modes the density is so low that an
    // empirical quantile from 100k draws wanders more than 1% whatever the sampler.
    const sampler = expectCompiled(
      compileMixture(
        [
          { weight: 0.7, lognormal: { median: '80ms', sigma: 0.3 } },
          { weight: 0.3, lognormal: { median: '130ms', sigma: 0.35 } },
        ],
        AT,
      ),
    );
    for (const p of [0.01, 0.5, 0.9, 0.95, 0.99]) expect(sampler.cdf(sampler.quantile(p))).toBeCloseTo(p, 9);
    expectFidelity(sampler, 72);
  });

  it('finds the quantile at an atom', () => {
    const sampler = expectCompiled(
      compileMixture(
        [
          { weight: 1, fixed: 20 },
          { weight: 1, uniform: { min: 0, max: 100 } },
        ],
        AT,
      ),
    );
    // cdf jumps from 0.1 to 0.6 at 20ms.
    expect(sampler.quantile(0.3)).toBe(20);
    expect(sampler.quantile(0.05)).toBeCloseTo(10, 9);
  });

  it('applies each component’s own clamps', () => {
    const sampler = expectCompiled(
      compileMixture(
        [
          { weight: 1, exponential: { mean: 100 }, max: 50 },
          { weight: 1, fixed: 500 },
        ],
        AT,
      ),
    );
    expect(sampler.quantile(0.49)).toBe(50);
    expect(sampler.cdf(50)).toBeCloseTo(0.5, 12);
  });

  it('reports every component’s issues at its index', () => {
    expect(
      compileMixture(
        [
          { weight: 1, uniform: { min: 20, max: 10 } },
          { weight: 1, fixed: 5 },
          { weight: 2, lognormal: { p50: 100, p99: 50 }, min: 30, max: 20 },
        ],
        AT,
      ),
    ).toEqual({
      ok: false,
      error: [
        { path: `${AT}.mixture[0].uniform.max`, message: 'max (10ms) is below min (20ms)' },
        { path: `${AT}.mixture[2].lognormal.p99`, message: 'p99 (50ms) is below p50 (100ms)' },
        { path: `${AT}.mixture[2].max`, message: 'max (20ms) is below min (30ms)' },
      ],
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { LatencyConfig } from '../config/index.js';
import { compileLatency } from './compile-latency.js';
import { drawSorted, expectCompiled } from './fidelity-for-tests.js';
import { createRandom } from './random.js';

const AT = 'endpoints[3].latency';

describe('compileLatency', () => {
  it('compiles every family through one door', () => {
    const configs: LatencyConfig[] = [
      { fixed: '120ms' },
      { uniform: { min: 10, max: 20 } },
      { normal: { mean: '100ms', stddev: '10ms' } },
      { lognormal: { median: '100ms', sigma: 0.5 } },
      { lognormal: { p50: '100ms', p99: '320ms' } },
      { lognormal: { mean: '100ms', stddev: '50ms' } },
      { exponential: { mean: '50ms' } },
      { pareto: { scale: '20ms', shape: 2 } },
      { percentiles: { p50: '80ms', p99: '900ms', max: '3s' } },
      {
        mixture: [
          { weight: 1, fixed: 10 },
          { weight: 1, lognormal: { median: 50, sigma: 1 } },
        ],
      },
    ];
    for (const config of configs) {
      const sampler = expectCompiled(compileLatency(config, AT));
      const value = sampler.sample(createRandom(1));
      expect(Number.isFinite(value) && value >= 0, sampler.label).toBe(true);
    }
  });

  it('replays the same delays for the same seed', () => {
    const sampler = expectCompiled(compileLatency({ lognormal: { median: 100, sigma: 0.5 } }, AT));
    expect(drawSorted(sampler, 5, 100)).toEqual(drawSorted(sampler, 5, 100));
    expect(drawSorted(sampler, 5, 100)).not.toEqual(drawSorted(sampler, 6, 100));
  });

  it('draws exactly one uniform per sample (two for a mixture), so other random choices stay aligned', () => {
    const lognormal = expectCompiled(compileLatency({ lognormal: { median: 100, sigma: 0.5 } }, AT));
    const random = createRandom(9);
    lognormal.sample(random);
    const reference = createRandom(9);
    reference.next();
    expect(random.next()).toBe(reference.next());
  });

  it('applies the block’s clamps, on a mixture too', () => {
    const sampler = expectCompiled(
      compileLatency(
        {
          mixture: [
            { weight: 1, fixed: 10 },
            { weight: 1, fixed: 1000 },
          ],
          min: '50ms',
          max: '500ms',
        },
        AT,
      ),
    );
    expect([sampler.quantile(0.25), sampler.quantile(0.75)]).toEqual([50, 500]);
  });

  it('lists the family’s and the clamps’ issues together', () => {
    expect(compileLatency({ uniform: { min: '2s', max: '1s' }, min: '100ms', max: '50ms' }, AT)).toEqual({
      ok: false,
      error: [
        { path: `${AT}.uniform.max`, message: 'max (1000ms) is below min (2000ms)' },
        { path: `${AT}.max`, message: 'max (50ms) is below min (100ms)' },
      ],
    });
    expect(compileLatency({ mixture: [{ weight: 1, percentiles: { p50: 10, p90: 5 } }], min: 9, max: 1 }, AT)).toEqual({
      ok: false,
      error: [
        { path: `${AT}.mixture[0].percentiles.p90`, message: 'p90 (5ms) is below p50 (10ms)' },
        { path: `${AT}.max`, message: 'max (1ms) is below min (9ms)' },
      ],
    });
  });
});

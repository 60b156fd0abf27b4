import { expect } from 'vitest';
import { ksDistance } from './ks-distance.js';
import { quantileOf } from './quantile-of.js';
import { createRandom } from './random.js';
import type { LatencySampler } from './sampler.js';

export const SAMPLES = 100_000;

/** `n` draws from `sampler` with a fixed seed, sorted ascending. */
export function drawSorted(sampler: LatencySampler, seed: number, n = SAMPLES): Float64Array {
  const random = createRandom(seed);
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) samples[i] = sampler.sample(random);
  return samples.sort();
}

/**
 * The fidelity bar for every family: at 100,000 fixed-seed draws the empirical p50/p90/p99 are
 * within 1% of the analytic quantiles and the KS distance to the analytic CDF is at most 0.01.
 */
export function expectFidelity(sampler: LatencySampler, seed: number): Float64Array {
  const sorted = drawSorted(sampler, seed);
  for (const p of [0.5, 0.9, 0.99]) {
    const expected = sampler.quantile(p);
    const actual = quantileOf(sorted, p);
    expect(Math.abs(actual - expected), `p${p * 100}: ${actual} vs ${expected}`).toBeLessThanOrEqual(0.01 * expected);
  }
  expect(ksDistance(sorted, sampler.cdf)).toBeLessThanOrEqual(0.01);
  return sorted;
}

/** compileLatency's value, failing the test with the issues when there are any. */
export function expectCompiled<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) expect.fail(`expected a sampler, got ${JSON.stringify(result.error)}`);
  return result.value;
}

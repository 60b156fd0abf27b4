import { expect, it } from 'vitest';
import type { LatencyConfig } from '../config/index.js';
import { compileLatency } from './compile-latency.js';
import { expectCompiled } from './fidelity-for-tests.js';
import { createRandom } from './random.js';

const FAMILIES: Record<string, LatencyConfig> = {
  fixed: { fixed: '100ms' },
  uniform: { uniform: { min: 50, max: 150 } },
  normal: { normal: { mean: 100, stddev: 20 } },
  lognormal: { lognormal: { median: 100, sigma: 0.5 } },
  exponential: { exponential: { mean: 100 } },
  pareto: { pareto: { scale: 50, shape: 2.5 } },
  percentiles: { percentiles: { p50: 80, p90: 200, p99: 900, max: 3000 } },
  mixture: {
    mixture: [
      { weight: 9, lognormal: { median: 80, sigma: 0.4 } },
      { weight: 1, exponential: { mean: 500 } },
    ],
  },
  'lognormal clamped': { lognormal: { median: 100, sigma: 0.5 }, min: 20, max: 1000 },
};

// Printed, not asserted: timings on shared CI machines are too noisy for a bar.
it('prints the cost of one draw per family (ns per sample)', () => {
  const n = 1_000_000;
  const lines: string[] = [];
  for (const [name, config] of Object.entries(FAMILIES)) {
    const sampler = expectCompiled(compileLatency(config, 'latency'));
    const random = createRandom(1);
    let sink = 0;
    for (let i = 0; i < 100_000; i++) sink += sampler.sample(random); // warm up the JIT
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink += sampler.sample(random);
    const ns = Number(process.hrtime.bigint() - start) / n;
    expect(Number.isFinite(sink)).toBe(true);
    lines.push(`${name.padEnd(18)} ${ns.toFixed(1).padStart(6)} ns/sample`);
  }
  console.log(`latency sampling, ${n.toLocaleString('en')} draws each:\n${lines.join('\n')}`);
});

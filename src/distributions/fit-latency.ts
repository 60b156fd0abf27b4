import { ksDistance } from './ks-distance.js';
import { quantileOf } from './quantile-of.js';
import { standardNormalCdf } from './standard-normal.js';

/**
 * A latency config fitted to observed delays (ms), in the config's own terms (durations as "12.5ms"),
 * with how it was chosen. Shared by the HAR importer and, later, recording.
 */
export type FittedLatency =
  | { kind: 'fixed'; latency: { fixed: string }; samples: number }
  | { kind: 'lognormal'; latency: { lognormal: { median: string; sigma: number } }; samples: number; ksDistance: number; ksCritical: number }
  | { kind: 'percentiles'; latency: { percentiles: Record<string, string> }; samples: number; ksDistance: number; ksCritical: number };

/**
 * Fits `samples` (delays in ms; non-finite and negative ones are ignored): maximum-likelihood
 * lognormal (μ and σ are the mean and standard deviation of the logs) when a Kolmogorov–Smirnov
 * test at α = 0.05 accepts it, else the empirical percentiles (min, p50, p90, p99, max). One
 * sample, or all equal, gives `fixed`. Undefined when nothing is left to fit.
 *
 * The critical value is Stephens' finite-sample form 1.358 / (√n + 0.12 + 0.11/√n). With the
 * parameters estimated from the same data the test is conservative (it accepts a little more often
 * than α says, as Lilliefors showed); zeros are lifted to 1 µs so their log exists.
 */
export function fitLatency(samples: readonly number[]): FittedLatency | undefined {
  const values = samples.filter((x) => Number.isFinite(x) && x >= 0).map((x) => Math.max(x, 0.001));
  const n = values.length;
  if (n === 0) return undefined;
  const first = values[0]!;
  if (values.every((x) => x === first)) return { kind: 'fixed', latency: { fixed: formatMs(first) }, samples: n };
  const logs = values.map(Math.log);
  const mu = logs.reduce((a, b) => a + b, 0) / n;
  // Maximum likelihood divides by n, not n − 1.
  const sigma = Math.sqrt(logs.reduce((a, b) => a + (b - mu) ** 2, 0) / n);
  const distance = ksDistance(values, (x) => (x <= 0 ? 0 : standardNormalCdf((Math.log(x) - mu) / sigma)));
  const critical = 1.358 / (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n));
  const ks = { ksDistance: round(distance, 4), ksCritical: round(critical, 4) };
  if (distance < critical) {
    return { kind: 'lognormal', latency: { lognormal: { median: formatMs(Math.exp(mu)), sigma: round(sigma, 4) } }, samples: n, ...ks };
  }
  const sorted = Float64Array.from(values).sort();
  const points: Record<string, string> = { min: formatMs(sorted[0]!) };
  for (const p of [50, 90, 99]) points[`p${p}`] = formatMs(quantileOf(sorted, p / 100));
  points.max = formatMs(sorted[n - 1]!);
  return { kind: 'percentiles', latency: { percentiles: points }, samples: n, ...ks };
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** "12.346ms": microsecond precision is finer than any recorded timing and keeps output stable. */
const formatMs = (ms: number) => `${round(ms, 3)}ms`;

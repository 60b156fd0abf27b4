import { err, ok, parseDurationMs } from '../config/index.js';
import type { ConfigIssue, Result } from '../config/index.js';
import { childPath } from './child-path.js';
import type { FamilyParams } from './family-params.js';
import { formatMs } from './format-ms.js';
import type { LatencySampler } from './sampler.js';
import { standardNormalCdf, standardNormalQuantile } from './standard-normal.js';

/** z(0.99): how many σ of ln(latency) separate p50 from p99. */
const Z99 = standardNormalQuantile(0.99);

/**
 * A lognormal: ln(X) ~ normal(mu, sigma), so the median is e^mu. Three ways to say it:
 * - `{ median, sigma }`: mu = ln median.
 * - `{ p50, p99 }` (read off a dashboard): mu = ln p50, sigma = (ln p99 − ln p50)/z(0.99), so both
 *   points are hit exactly. p99 = p50 gives sigma 0, a point mass.
 * - `{ mean, stddev }`: method of moments, sigma² = ln(1 + (stddev/mean)²), mu = ln mean − sigma²/2,
 *   so the distribution's own mean and stddev are the configured ones.
 * Sampling is exp(mu + sigma·Φ⁻¹(u)): one draw, exact to double precision.
 */
export function compileLognormal(params: FamilyParams<'lognormal'>, at: string): Result<LatencySampler, ConfigIssue[]> {
  const parameters = lognormalParameters(params, at);
  if (!parameters.ok) return parameters;
  return ok(lognormalSampler(parameters.value.median, parameters.value.sigma));
}

function lognormalParameters(params: FamilyParams<'lognormal'>, at: string): Result<{ median: number; sigma: number }, ConfigIssue[]> {
  const positive = (key: string, ms: number): ConfigIssue[] =>
    ms > 0 ? [] : [{ path: childPath(at, 'lognormal', key), message: `${key} must be greater than 0 (a lognormal never reaches 0)` }];
  if ('median' in params) {
    const median = parseDurationMs(params.median);
    const issues = positive('median', median);
    return issues.length > 0 ? err(issues) : ok({ median, sigma: params.sigma });
  }
  if ('p50' in params) {
    const p50 = parseDurationMs(params.p50);
    const p99 = parseDurationMs(params.p99);
    const issues = positive('p50', p50);
    if (p99 < p50) {
      issues.push({ path: childPath(at, 'lognormal', 'p99'), message: `p99 (${formatMs(p99)}) is below p50 (${formatMs(p50)})` });
    }
    return issues.length > 0 ? err(issues) : ok({ median: p50, sigma: Math.log(p99 / p50) / Z99 });
  }
  const mean = parseDurationMs(params.mean);
  const stddev = parseDurationMs(params.stddev);
  const issues = positive('mean', mean);
  if (issues.length > 0) return err(issues);
  // E[X] = e^(mu + sigma²/2), so the median e^mu is mean / e^(sigma²/2).
  const variance = Math.log1p((stddev / mean) ** 2);
  return ok({ median: mean * Math.exp(-variance / 2), sigma: Math.sqrt(variance) });
}

/** Parameterised by the median (e^mu) rather than mu, so a point mass (sigma 0) is exactly the configured value. */
function lognormalSampler(median: number, sigma: number): LatencySampler {
  const mu = Math.log(median);
  // sigma 0 is a point mass; without the guard 0·Φ⁻¹(0) would be 0·−∞ = NaN.
  const quantile = (p: number): number => (sigma === 0 ? median : Math.exp(mu + sigma * standardNormalQuantile(p)));
  return {
    label: `lognormal(median ${formatMs(median)}, σ ${Number(sigma.toFixed(4))})`,
    sample: (random) => quantile(random.next()),
    quantile,
    cdf: (x) => {
      if (x <= 0) return 0;
      if (sigma === 0) return x >= median ? 1 : 0;
      return standardNormalCdf((Math.log(x) - mu) / sigma);
    },
  };
}

import { ok, parseDurationMs } from '../config/index.js';
import type { ConfigIssue, Result } from '../config/index.js';
import type { FamilyParams } from './family-params.js';
import { formatMs } from './format-ms.js';
import type { LatencySampler } from './sampler.js';

/**
 * Exponential with the given mean, by its inverse CDF −mean·ln(1 − u). log1p keeps the
 * resolution of small u (short delays), and 1 − u never reaches 0 because u < 1.
 * A mean of 0 is a point mass at 0.
 */
export function compileExponential(params: FamilyParams<'exponential'>): Result<LatencySampler, ConfigIssue[]> {
  const mean = parseDurationMs(params.mean);
  const quantile = (p: number): number => (mean === 0 ? 0 : -mean * Math.log1p(-p));
  return ok({
    label: `exponential(mean ${formatMs(mean)})`,
    sample: (random) => quantile(random.next()),
    quantile,
    cdf: (x) => (x < 0 ? 0 : mean === 0 ? 1 : -Math.expm1(-x / mean)),
  });
}

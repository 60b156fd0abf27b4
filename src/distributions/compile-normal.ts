import { ok, parseDurationMs } from '../config/index.js';
import type { ConfigIssue, Result } from '../config/index.js';
import type { FamilyParams } from './family-params.js';
import { formatMs } from './format-ms.js';
import type { LatencySampler } from './sampler.js';
import { fixedSampler } from './compile-fixed.js';
import { standardNormalCdf, standardNormalQuantile } from './standard-normal.js';

/**
 * A normal(mean, stddev) truncated at 0, since a delay cannot be negative. Clamping at 0 would
 * pile the negative mass into an atom at 0 (a visible spike of instant answers when stddev is
 * close to the mean); truncation instead renormalises over [0, ∞).
 *
 * Inverse CDF restricted to z ≥ a = −mean/stddev. Written through the upper tail, whose mass is
 * Φ(b) with b = mean/stddev ≥ 0: z = −Φ⁻¹((1 − u)·Φ(b)). This form never computes 1 − Φ(a) by
 * subtraction, so it stays exact however far 0 lies below the mean, and it is still one draw.
 * A stddev of 0 is a point mass at the mean.
 */
export function compileNormal(params: FamilyParams<'normal'>): Result<LatencySampler, ConfigIssue[]> {
  const mean = parseDurationMs(params.mean);
  const stddev = parseDurationMs(params.stddev);
  const label = `normal(mean ${formatMs(mean)}, σ ${formatMs(stddev)})`;
  if (stddev === 0) return ok({ ...fixedSampler(mean), label });
  const keptMass = standardNormalCdf(mean / stddev);
  const quantile = (p: number): number => Math.max(0, mean - stddev * standardNormalQuantile((1 - p) * keptMass));
  return ok({
    label,
    sample: (random) => quantile(random.next()),
    quantile,
    // P(X ≤ x | X ≥ 0) = 1 − P(X > x)/P(X ≥ 0), again through upper tails.
    cdf: (x) => (x < 0 ? 0 : 1 - standardNormalCdf((mean - x) / stddev) / keptMass),
  });
}

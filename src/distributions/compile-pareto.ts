import { ok, parseDurationMs } from '../config/index.js';
import type { ConfigIssue, Result } from '../config/index.js';
import type { FamilyParams } from './family-params.js';
import { formatMs } from './format-ms.js';
import type { LatencySampler } from './sampler.js';

/**
 * Pareto type I: support [scale, ∞), P(X > x) = (scale/x)^shape. Inverse CDF
 * scale·(1 − u)^(−1/shape); u < 1, so every draw is finite even for shape ≤ 1 (infinite mean).
 * The schema already refuses shape ≤ 0.
 */
export function compilePareto(params: FamilyParams<'pareto'>): Result<LatencySampler, ConfigIssue[]> {
  const scale = parseDurationMs(params.scale);
  const shape = params.shape;
  const exponent = -1 / shape;
  const quantile = (p: number): number => scale * Math.pow(1 - p, exponent);
  return ok({
    label: `pareto(scale ${formatMs(scale)}, shape ${shape})`,
    sample: (random) => quantile(random.next()),
    quantile,
    cdf: (x) => (x < scale ? 0 : scale === 0 ? 1 : 1 - Math.pow(scale / x, shape)),
  });
}

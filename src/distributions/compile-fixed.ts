import { ok, parseDurationMs } from '../config/index.js';
import type { ConfigIssue, Result } from '../config/index.js';
import type { FamilyParams } from './family-params.js';
import { formatMs } from './format-ms.js';
import type { LatencySampler } from './sampler.js';

/** A constant delay: a point mass. It draws nothing, so it leaves the PRNG sequence untouched. */
export function compileFixed(params: FamilyParams<'fixed'>): Result<LatencySampler, ConfigIssue[]> {
  return ok(fixedSampler(parseDurationMs(params)));
}

export function fixedSampler(ms: number): LatencySampler {
  return {
    label: `fixed(${formatMs(ms)})`,
    sample: () => ms,
    quantile: () => ms,
    cdf: (x) => (x >= ms ? 1 : 0),
  };
}

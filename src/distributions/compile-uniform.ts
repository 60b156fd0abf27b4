import { err, ok, parseDurationMs } from '../config/index.js';
import type { ConfigIssue, Result } from '../config/index.js';
import { childPath } from './child-path.js';
import type { FamilyParams } from './family-params.js';
import { formatMs } from './format-ms.js';
import type { LatencySampler } from './sampler.js';

/** Uniform on [min, max]: min + u·(max − min), exact inverse CDF with one draw. */
export function compileUniform(params: FamilyParams<'uniform'>, at: string): Result<LatencySampler, ConfigIssue[]> {
  const min = parseDurationMs(params.min);
  const max = parseDurationMs(params.max);
  if (max < min) {
    return err([{ path: childPath(at, 'uniform', 'max'), message: `max (${formatMs(max)}) is below min (${formatMs(min)})` }]);
  }
  const width = max - min;
  const quantile = (p: number): number => min + p * width;
  return ok({
    label: `uniform(${formatMs(min)}, ${formatMs(max)})`,
    sample: (random) => min + random.next() * width,
    quantile,
    // A zero-width uniform is a point mass at min.
    cdf: (x) => (x < min ? 0 : x >= max ? 1 : (x - min) / width),
  });
}

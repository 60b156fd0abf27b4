import { err, ok, parseDurationMs } from '../config/index.js';
import type { ConfigIssue, Duration, Result } from '../config/index.js';
import { childPath } from './child-path.js';
import { formatMs } from './format-ms.js';
import type { LatencySampler } from './sampler.js';

/** A latency block's clamps in ms; an absent side is ±Infinity. */
export interface Clamp {
  minMs: number;
  maxMs: number;
}

/** Reads a block's `min`/`max`; undefined when it has neither. `max < min` is an issue at `max`. */
export function compileClamp(clamps: { min?: Duration; max?: Duration }, at: string): Result<Clamp | undefined, ConfigIssue[]> {
  if (clamps.min === undefined && clamps.max === undefined) return ok(undefined);
  const minMs = clamps.min === undefined ? -Infinity : parseDurationMs(clamps.min);
  const maxMs = clamps.max === undefined ? Infinity : parseDurationMs(clamps.max);
  if (maxMs < minMs) {
    return err([{ path: childPath(at, 'max'), message: `max (${formatMs(maxMs)}) is below min (${formatMs(minMs)})` }]);
  }
  return ok({ minMs, maxMs });
}

/**
 * Clamps (not truncates): samples below min become min and above max become max, so the bounds
 * are atoms, which is what "never faster than / never slower than" means to a user. Clamping is
 * monotone, so the quantile is the clamped quantile; the CDF is 0 below min, 1 from max on, and
 * the inner CDF in between (its value at min already holds the atom's mass).
 */
export function clampLatency(sampler: LatencySampler, { minMs, maxMs }: Clamp): LatencySampler {
  const bounds = [minMs > -Infinity ? `min ${formatMs(minMs)}` : '', maxMs < Infinity ? `max ${formatMs(maxMs)}` : ''];
  const clamp = (ms: number): number => (ms < minMs ? minMs : ms > maxMs ? maxMs : ms);
  return {
    label: `${sampler.label} clamped to ${bounds.filter(Boolean).join(', ')}`,
    sample: (random) => clamp(sampler.sample(random)),
    quantile: (p) => clamp(sampler.quantile(p)),
    cdf: (x) => (x < minMs ? 0 : x >= maxMs ? 1 : sampler.cdf(x)),
  };
}

/** A sampler with its block's clamps applied, reporting the family's and the clamps' issues together. */
export function withClamp(
  sampler: Result<LatencySampler, ConfigIssue[]>,
  clamps: { min?: Duration; max?: Duration },
  at: string,
): Result<LatencySampler, ConfigIssue[]> {
  const clamp = compileClamp(clamps, at);
  if (!sampler.ok || !clamp.ok) return err([...(sampler.ok ? [] : sampler.error), ...(clamp.ok ? [] : clamp.error)]);
  return ok(clamp.value === undefined ? sampler.value : clampLatency(sampler.value, clamp.value));
}

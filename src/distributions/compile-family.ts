import { assertNever, type ConfigIssue, type LatencyConfig, type Result } from '../config/index.js';
import { withClamp } from './clamp-latency.js';
import { compileExponential } from './compile-exponential.js';
import { compileFixed } from './compile-fixed.js';
import { compileLognormal } from './compile-lognormal.js';
import { compileNormal } from './compile-normal.js';
import { compilePareto } from './compile-pareto.js';
import { compilePercentiles } from './compile-percentiles.js';
import { compileUniform } from './compile-uniform.js';
import type { LatencySampler } from './sampler.js';

/** A latency block with one family (anything but a mixture); a mixture component is one too. */
export type FamilyLatencyConfig = Exclude<LatencyConfig, { mixture: unknown }>;

/** Compiles one family and applies the block's own min/max clamps. */
export function compileFamily(config: FamilyLatencyConfig, at: string): Result<LatencySampler, ConfigIssue[]> {
  return withClamp(compileUnclamped(config, at), config, at);
}

function compileUnclamped(config: FamilyLatencyConfig, at: string): Result<LatencySampler, ConfigIssue[]> {
  if ('fixed' in config) return compileFixed(config.fixed);
  if ('uniform' in config) return compileUniform(config.uniform, at);
  if ('normal' in config) return compileNormal(config.normal);
  if ('lognormal' in config) return compileLognormal(config.lognormal, at);
  if ('exponential' in config) return compileExponential(config.exponential);
  if ('pareto' in config) return compilePareto(config.pareto);
  if ('percentiles' in config) return compilePercentiles(config.percentiles, at);
  return assertNever(config, 'latency family');
}

import type { ConfigIssue, LatencyConfig, Result } from '../config/index.js';
import { withClamp } from './clamp-latency.js';
import { compileFamily } from './compile-family.js';
import { compileMixture } from './compile-mixture.js';
import type { LatencySampler } from './sampler.js';

/**
 * Compiles a latency block (already schema-valid) into a sampler, or lists every problem the
 * schema cannot see: uniform min above max, lognormal p99 below p50, percentiles that decrease,
 * clamps with max below min. `at` is the block's path (`endpoints[3].latency`); issue paths
 * extend it (`endpoints[3].latency.lognormal.p99`).
 */
export function compileLatency(config: LatencyConfig, at: string): Result<LatencySampler, ConfigIssue[]> {
  if ('mixture' in config) return withClamp(compileMixture(config.mixture, at), config, at);
  return compileFamily(config, at);
}

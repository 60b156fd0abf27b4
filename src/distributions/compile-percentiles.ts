import { err, ok, parseDurationMs } from '../config/index.js';
import type { ConfigIssue, Result } from '../config/index.js';
import { childPath } from './child-path.js';
import type { FamilyParams } from './family-params.js';
import { formatMs } from './format-ms.js';
import { percentilesSampler } from './percentiles-sampler.js';
import type { Knot } from './percentiles-sampler.js';
import type { LatencySampler } from './sampler.js';

/**
 * A distribution read off a dashboard: `{ p50: 80ms, p90: 200ms, p99: 900ms, max: 3s }`.
 * The keys become CDF knots (`min` and `p0` are p = 0, `max` is p = 1, `pN` is N/100); a missing
 * lower end is `min: 0`. See percentiles-sampler.ts for how the gaps and the tail are filled.
 * Values must not decrease as p grows; each violation is reported at the later key.
 */
export function compilePercentiles(params: FamilyParams<'percentiles'>, at: string): Result<LatencySampler, ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  const keyed: (Knot & { key: string })[] = [];
  for (const [key, value] of Object.entries(params)) {
    const p = probabilityOf(key);
    if (p === undefined) {
      issues.push({ path: childPath(at, 'percentiles', key), message: 'expected a key like p50, p99.9, min or max' });
      continue;
    }
    keyed.push({ key, p, ms: parseDurationMs(value) });
  }
  keyed.sort((a, b) => a.p - b.p);
  for (let i = 1; i < keyed.length; i++) {
    const lower = keyed[i - 1]!;
    const upper = keyed[i]!;
    const path = childPath(at, 'percentiles', upper.key);
    if (upper.p === lower.p) issues.push({ path, message: `${upper.key} and ${lower.key} are the same point; give one of them` });
    else if (upper.ms < lower.ms) {
      issues.push({ path, message: `${upper.key} (${formatMs(upper.ms)}) is below ${lower.key} (${formatMs(lower.ms)})` });
    }
  }
  if (!keyed.some((knot) => knot.p > 0)) {
    issues.push({ path: childPath(at, 'percentiles'), message: 'needs a point above min, e.g. p50 or max' });
  }
  if (issues.length > 0) return err(issues);
  const knots: Knot[] = keyed[0]!.p === 0 ? keyed : [{ p: 0, ms: 0 }, ...keyed];
  const label = `percentiles(${keyed.map((knot) => `${knot.key} ${formatMs(knot.ms)}`).join(', ')})`;
  return ok(percentilesSampler(knots, label));
}

/** `p99.9` → 0.999, `min`/`p0` → 0, `max` → 1; undefined for anything else (or above p100). */
function probabilityOf(key: string): number | undefined {
  if (key === 'min') return 0;
  if (key === 'max') return 1;
  const match = /^p(\d{1,2}(?:\.\d+)?)$/.exec(key);
  return match ? Number(match[1]) / 100 : undefined;
}

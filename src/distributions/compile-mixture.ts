import { err, ok } from '../config/index.js';
import type { ConfigIssue, MixtureComponentConfig, Result } from '../config/index.js';
import { childPath } from './child-path.js';
import { compileFamily } from './compile-family.js';
import type { LatencySampler } from './sampler.js';

/**
 * A weighted mixture: `[{ weight: 9, lognormal: … }, { weight: 1, fixed: 2s }]`. Weights are
 * normalised to sum to 1; each component may carry its own min/max clamps.
 *
 * A draw takes two uniforms: one picks the component by weight, the next samples it. Splitting a
 * single uniform (rescaling it inside the chosen component's weight interval) would save a draw
 * but cost a rare component's samples most of their 32 bits of resolution and cut its far tail;
 * a second draw costs a few ns and keeps every component exactly as it is alone.
 *
 * The CDF is the weighted sum of the components' CDFs. The quantile has no closed form: it is
 * found by bisection on the CDF, between the smallest and largest component quantile at p (the
 * mixture's quantile always lies in that bracket). It serves reports, not the hot path.
 */
export function compileMixture(components: readonly MixtureComponentConfig[], at: string): Result<LatencySampler, ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  const samplers: LatencySampler[] = [];
  components.forEach((component, index) => {
    const { weight: _weight, ...family } = component;
    const compiled = compileFamily(family, childPath(at, 'mixture', index));
    if (compiled.ok) samplers.push(compiled.value);
    else issues.push(...compiled.error);
  });
  if (issues.length > 0) return err(issues);
  const total = components.reduce((sum, component) => sum + component.weight, 0);
  const weights = components.map((component) => component.weight / total);
  return ok(mixtureSampler(samplers, weights));
}

function mixtureSampler(samplers: readonly LatencySampler[], weights: readonly number[]): LatencySampler {
  // Cumulative weights; the last is forced to 1 so rounding can never leave a gap at the top.
  const cumulative = weights.map((_, i) => weights.slice(0, i + 1).reduce((a, b) => a + b, 0));
  cumulative[cumulative.length - 1] = 1;
  const last = samplers.length - 1;

  const cdf = (x: number): number => samplers.reduce((sum, sampler, i) => sum + weights[i]! * sampler.cdf(x), 0);

  const quantile = (p: number): number => {
    const at = samplers.map((sampler) => sampler.quantile(p));
    let lo = Math.min(...at);
    let hi = Math.max(...at);
    if (lo === hi || cdf(lo) >= p || !Number.isFinite(hi)) return cdf(lo) >= p ? lo : hi;
    // Invariant: cdf(lo) < p ≤ cdf(hi). Stops when the bracket no longer shrinks in doubles.
    for (let i = 0; i < 200; i++) {
      const mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) break;
      if (cdf(mid) >= p) hi = mid;
      else lo = mid;
    }
    return hi;
  };

  return {
    label: `mixture(${samplers.map((sampler, i) => `${Number(weights[i]!.toFixed(4))} × ${sampler.label}`).join(', ')})`,
    sample: (random) => {
      const u = random.next();
      let i = 0;
      while (i < last && u >= cumulative[i]!) i++;
      return samplers[i]!.sample(random);
    },
    quantile,
    cdf,
  };
}

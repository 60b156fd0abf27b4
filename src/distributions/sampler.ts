import type { Random } from './random.js';

/**
 * A compiled latency distribution: draws one delay in milliseconds from the Plan's PRNG.
 * Parameters are resolved once at compile time, so a draw is a few arithmetic operations.
 */
export interface LatencySampler {
  sample(random: Random): number;
  /** The distribution's quantile function (inverse CDF) in ms, for reports and fidelity checks. */
  quantile(p: number): number;
  /**
   * The cumulative distribution function: P(sample ≤ x) for x in ms. Right-continuous, so at an
   * atom (a fixed value, a clamp bound) it already includes the atom's mass.
   */
  cdf(x: number): number;
  /** A short human description, e.g. `lognormal(median 100ms, σ 0.5)`, for debug headers and reports. */
  readonly label: string;
}

import { standardNormalQuantile as normalQuantile } from '../src/distributions/index.js';

/** The standard normal density φ(z). */
const normalDensity = (z: number): number => Math.exp(-(z * z) / 2) / Math.sqrt(2 * Math.PI);

/**
 * Kolmogorov–Smirnov distance between an observed distribution given as quantile points
 * (p, x_p) and an intended CDF: max |p − F(x_p)|. With wrk we only have the observed quantiles
 * on a grid (0.1% apart), not the samples, so the distance is exact at the grid points and can
 * miss at most the grid step (0.001) in between.
 */
export function ksDistanceFromQuantiles(points: readonly { p: number; x: number }[], cdf: (x: number) => number): number {
  let distance = 0;
  for (const { p, x } of points) distance = Math.max(distance, Math.abs(p - cdf(x)));
  return distance;
}

/** (observed − intended) / intended. */
export const relativeError = (observed: number, intended: number): number => (observed - intended) / intended;

/**
 * Standard error of the empirical p-quantile of a lognormal(σ) sample of size n, relative to the
 * quantile, from the order-statistic result SE(x̂_p) ≈ √(p(1−p)/n) / f(x_p). For a lognormal
 * f(x_p)·x_p = φ(z_p)/σ, so the relative error does not depend on the median:
 * SE(x̂_p)/x_p ≈ σ·√(p(1−p)/n) / φ(z_p).
 */
export function lognormalQuantileRelativeSe(p: number, sigma: number, n: number): number {
  return (sigma * Math.sqrt((p * (1 - p)) / n)) / normalDensity(normalQuantile(p));
}

/**
 * Requests needed so that the empirical p-quantile of a lognormal(σ) lies within ±relative of the
 * true one with the given confidence (two-sided, normal approximation; the error is taken on the
 * log scale, ln(1+relative), which is what a relative band is for a lognormal).
 */
export function requestsForQuantile(p: number, sigma: number, relative: number, confidence = 0.95): number {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const perSample = (sigma * Math.sqrt(p * (1 - p))) / normalDensity(normalQuantile(p));
  return Math.ceil(((z * perSample) / Math.log(1 + relative)) ** 2);
}

/**
 * Critical value of the KS distance for n samples at significance alpha (asymptotic,
 * c(α)/√n with c(0.05) = 1.358, c(0.01) = 1.628): a D above it says the samples did not come from
 * the intended distribution.
 */
export function ksCriticalValue(n: number, alpha: 0.05 | 0.01 = 0.05): number {
  return (alpha === 0.05 ? 1.358 : 1.628) / Math.sqrt(n);
}

/**
 * Undoes wrk's bias against long requests. wrk counts only the requests that completed before it
 * stopped: on each connection of a closed loop the request in flight at the end is dropped, and
 * that one is length-biased, so a latency x is observed with weight ∝ (D − x) for a run of D
 * seconds. For a 30 s run and a 4.7 s p99.9 that under-counts the tail by some 15%. Reweighting
 * each grid point's probability mass by 1/(D − x) and renormalising gives back the distribution
 * the server produced. Input and output: ascending (p, x in ms) points of the observed quantile
 * grid; the mass above the last point is kept at the last point.
 */
export function correctForTruncation(points: readonly { p: number; x: number }[], durationSeconds: number): { p: number; x: number }[] {
  const durationMs = durationSeconds * 1_000;
  const weight = (x: number): number => 1 / Math.max(durationMs - x, durationMs * 0.05);
  const masses = points.map((point, index) => (point.p - (index === 0 ? 0 : (points[index - 1]?.p ?? 0))) * weight(point.x));
  const last = points[points.length - 1];
  const tail = last ? (1 - last.p) * weight(last.x) : 0;
  const total = masses.reduce((sum, mass) => sum + mass, 0) + tail;
  let cumulative = 0;
  return points.map((point, index) => {
    cumulative += masses[index] ?? 0;
    return { p: cumulative / total, x: point.x };
  });
}

/** The x at cumulative probability p on ascending (p, x) points, interpolating linearly between them. */
export function quantileFromPoints(points: readonly { p: number; x: number }[], p: number): number {
  const first = points[0];
  if (!first) return Number.NaN;
  if (p <= first.p) return first.x;
  for (let index = 1; index < points.length; index++) {
    const upper = points[index];
    const lower = points[index - 1];
    if (upper && lower && p <= upper.p) return upper.p === lower.p ? upper.x : lower.x + ((p - lower.p) / (upper.p - lower.p)) * (upper.x - lower.x);
  }
  return points[points.length - 1]?.x ?? Number.NaN;
}

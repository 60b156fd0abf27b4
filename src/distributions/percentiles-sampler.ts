import type { LatencySampler } from './sampler.js';

/** One point the CDF passes through: P(X ≤ ms) = p. */
export interface Knot {
  p: number;
  ms: number;
}

/**
 * A monotone piecewise distribution through `knots` (sorted by p, starting at p = 0, values
 * non-decreasing). Its CDF passes exactly through every knot.
 *
 * Interpolation is linear on the "nines" axis y = −ln(1 − p), the axis latency percentile plots
 * use (HdrHistogram): p50, p90, p99, p99.9 are evenly spaced on it, and each segment becomes a
 * piece of an exponential tail. Plain linear interpolation in p was tried first: it puts a
 * uniform block between p90 and p99, whose density just above p90 is 10–30× lower than just below
 * for real tables. That matches no real service and makes the empirical p90 wander (at 100k
 * draws, ±3% for p90 200ms / p99 900ms); on the nines axis a lognormal-like table comes out with
 * about the density a lognormal has there. Below p50 (from min) the shape matters little for a
 * latency and the same rule keeps one formula.
 *
 * Above the highest point below p = 1 the last line continues: each further nine adds what the last
 * gap added (p90 200ms, p99 900ms → p99.9 1.6s, p99.99 2.3s), an exponential tail. A `max` point
 * truncates that exponential so the CDF reaches 1 exactly at max: a dashboard max is a rare
 * extreme, not the end of a uniform block. When the last gap is flat (so it says nothing of the
 * tail's shape) the tail is uniform up to max, or an atom at the last value when there is no max.
 * With no point strictly between p = 0 and p = 1, the distribution is uniform on [min, max].
 */
export function percentilesSampler(knots: readonly Knot[], label: string): LatencySampler {
  const top = knots[knots.length - 1]!;
  const maxMs = top.p === 1 ? top.ms : Infinity;
  const body = top.p === 1 ? knots.slice(0, -1) : knots;
  if (body.length === 1) return uniformSampler(body[0]!.ms, maxMs, label);
  const ys = body.map((knot) => -Math.log1p(-knot.p));
  const xs = body.map((knot) => knot.ms);
  const k = body.length - 1;
  const tail = tailOf(body[k]!, (xs[k]! - xs[k - 1]!) / (ys[k]! - ys[k - 1]!), maxMs);

  const quantile = (p: number): number => {
    if (p > body[k]!.p) return tail.quantile(p);
    const y = -Math.log1p(-p);
    let i = 0;
    while (i < k - 1 && ys[i + 1]! < y) i++;
    return xs[i]! + ((y - ys[i]!) / (ys[i + 1]! - ys[i]!)) * (xs[i + 1]! - xs[i]!);
  };

  const cdf = (x: number): number => {
    if (x < xs[0]!) return 0;
    if (x >= xs[k]!) return tail.cdf(x);
    // The last knot at or below x; on a flat run (equal values) the highest one, so the CDF is
    // right-continuous and includes the atom.
    let i = k;
    while (xs[i]! > x) i--;
    const y = ys[i]! + ((x - xs[i]!) / (xs[i + 1]! - xs[i]!)) * (ys[i + 1]! - ys[i]!);
    return -Math.expm1(-y);
  };

  return { label, sample: (random) => quantile(random.next()), quantile, cdf };
}

interface TailPiece {
  quantile(p: number): number;
  cdf(x: number): number;
}

/** The distribution above `from`: `msPerNine` ms per e-fold of tail probability, truncated at maxMs. */
function tailOf(from: Knot, msPerNine: number, maxMs: number): TailPiece {
  const mass = 1 - from.p;
  const fraction = (p: number): number => Math.min(1, (p - from.p) / mass);
  if (msPerNine === 0) {
    if (maxMs === Infinity) return { quantile: () => from.ms, cdf: () => 1 };
    const width = maxMs - from.ms;
    return {
      quantile: (p) => from.ms + fraction(p) * width,
      cdf: (x) => (x >= maxMs ? 1 : from.p + (mass * (x - from.ms)) / width),
    };
  }
  // Share of the untruncated exponential tail that lies below max (1 without a max).
  const kept = maxMs === Infinity ? 1 : -Math.expm1(-(maxMs - from.ms) / msPerNine);
  return {
    quantile: (p) => Math.min(maxMs, from.ms - msPerNine * Math.log1p(-fraction(p) * kept)),
    cdf: (x) => (x >= maxMs ? 1 : from.p + (mass * -Math.expm1(-(x - from.ms) / msPerNine)) / kept),
  };
}

function uniformSampler(minMs: number, maxMs: number, label: string): LatencySampler {
  const width = maxMs - minMs;
  const quantile = (p: number): number => minMs + p * width;
  return {
    label,
    sample: (random) => quantile(random.next()),
    quantile,
    cdf: (x) => (x < minMs ? 0 : x >= maxMs ? 1 : (x - minMs) / width),
  };
}

/**
 * The p-quantile of samples sorted ascending, interpolating linearly between order statistics
 * (Hyndman & Fan type 7, the default of R, NumPy and spreadsheets): h = (n − 1)·p. Empty input
 * is a caller bug and throws.
 */
export function quantileOf(sortedSamples: ArrayLike<number>, p: number): number {
  const n = sortedSamples.length;
  if (n === 0) throw new RangeError('quantileOf needs at least one sample');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const below = sortedSamples[lo]!;
  if (lo + 1 >= n) return below;
  return below + (h - lo) * (sortedSamples[lo + 1]! - below);
}

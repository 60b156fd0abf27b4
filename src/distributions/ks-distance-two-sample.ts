/**
 * Two-sample Kolmogorov–Smirnov statistic D = sup |F_a(x) − F_b(x)| between the empirical CDFs of
 * `a` and `b` (e.g. configured vs measured latencies). Both are compared after every value equal
 * to x has been counted on both sides, so ties do not inflate D. Inputs are not modified.
 */
export function ksDistanceTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 || b.length === 0) throw new RangeError('ksDistanceTwoSample needs samples on both sides');
  const sa = Float64Array.from(a).sort();
  const sb = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < sa.length && j < sb.length) {
    const x = Math.min(sa[i]!, sb[j]!);
    while (i < sa.length && sa[i] === x) i++;
    while (j < sb.length && sb[j] === x) j++;
    d = Math.max(d, Math.abs(i / sa.length - j / sb.length));
  }
  return d;
}

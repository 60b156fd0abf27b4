/**
 * One-sample Kolmogorov–Smirnov statistic D = sup |F_n(x) − F(x)| of `samples` against the CDF
 * `cdf`. Ties are grouped, and F's left limit at each sample value is read just below it, so the
 * statistic stays right for distributions with atoms (fixed values, clamp bounds), where the
 * textbook formula for continuous F would report D near 1. The input is not modified.
 */
export function ksDistance(samples: ArrayLike<number>, cdf: (x: number) => number): number {
  const n = samples.length;
  if (n === 0) throw new RangeError('ksDistance needs at least one sample');
  const sorted = Float64Array.from(samples).sort();
  let d = 0;
  let i = 0;
  while (i < n) {
    const x = sorted[i]!;
    let j = i + 1;
    while (j < n && sorted[j] === x) j++;
    // Just below x the empirical CDF is i/n; at x it is j/n.
    d = Math.max(d, cdf(justBelow(x)) - i / n, Math.abs(cdf(x) - j / n));
    i = j;
  }
  return d;
}

/** The largest double below x (a relative step of 2^-52 is enough to fall under an atom at x). */
function justBelow(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  return x > 0 ? x * (1 - Number.EPSILON) : x * (1 + Number.EPSILON);
}

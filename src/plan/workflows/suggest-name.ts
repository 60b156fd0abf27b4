import { distance } from 'fastest-levenshtein';

/**
 * ` (did you mean "x"?)` when one candidate is a likely typo of `word` (a case-only difference, or
 * an edit distance of at most a third of the longer word), else ''. The same rule as config's
 * did-you-mean, which that zone does not export.
 */
export function suggestName(word: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    if (candidate.toLowerCase() === word.toLowerCase()) return ` (did you mean "${candidate}"?)`;
    const d = distance(word, candidate);
    const limit = Math.max(1, Math.floor(Math.max(word.length, candidate.length) / 3));
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to `word`, when it is close enough to be a likely typo: a case-only
 * difference, or an edit distance of at most a third of the longer word (at least 1).
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === word.toLowerCase()) return candidate;
    const d = distance(word, candidate);
    const limit = Math.max(1, Math.floor(Math.max(word.length, candidate.length) / 3));
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

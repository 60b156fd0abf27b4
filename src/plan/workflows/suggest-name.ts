import { didYouMean } from '../../config/index.js';

/**
 * ` (did you mean "x"?)` when one candidate other than `word` itself is a likely typo of it (the
 * config zone's did-you-mean rule), else ''.
 */
export function suggestName(word: string, candidates: Iterable<string>): string {
  const best = didYouMean(word, othersThan(word, candidates));
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

function* othersThan(word: string, candidates: Iterable<string>): Iterable<string> {
  for (const candidate of candidates) if (candidate !== word) yield candidate;
}

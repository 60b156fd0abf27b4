import type { RefBuild } from './build-ref.js';
import { formatRatio, formatRps } from './format-units.js';
import type { ThroughputResult } from './throughput-result.js';

/** A ratio this close to 1, or within half the pairs' own spread, is noise on a shared machine. */
const FLOOR = 0.02;

export function verdictAgainst(result: ThroughputResult): 'within noise' | 'faster' | 'slower' {
  const noise = Math.max(FLOOR, (result.maxRatio - result.minRatio) / 2);
  if (Math.abs(result.medianRatio - 1) <= noise) return 'within noise';
  return result.medianRatio > 1 ? 'faster' : 'slower';
}

/** One row per scenario: medians of both builds and the median A/B ratio of the pairs. */
export function renderAgainstSummary(results: readonly ThroughputResult[], build: RefBuild): string {
  return [
    `## throughput --against ${build.ref} (${build.commit.slice(0, 12)})`,
    '',
    `A = this build, B = ${build.ref}; both measured in this run, pairs alternating AB/BA. Noise: half the spread of a row's pair ratios, at least ${FLOOR}.`,
    '',
    '| row | A median rps | B median rps | median A/B | range | clean pairs | verdict |',
    '|---|--:|--:|--:|--:|--:|---|',
    ...results.map(
      (result) =>
        `| ${result.scenario.name} | ${formatRps(result.a.medianRps)} | ${formatRps(result.b.medianRps)} | ${formatRatio(result.medianRatio)} | ${formatRatio(result.minRatio)}–${formatRatio(result.maxRatio)} | ${result.cleanPairs}/${result.pairs.length} | ${verdictAgainst(result)} |`,
    ),
  ].join('\n');
}

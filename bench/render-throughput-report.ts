import { formatMiB, formatMs, formatRatio, formatRps } from './format-units.js';
import { renderMachine } from './render-machine.js';
import { contendedShare, type RunRecord, type SideSummary, type ThroughputResult } from './throughput-result.js';

function formatShare(run: RunRecord): string {
  const { serverCoreOthers: server, loadCoreOthers: load } = run;
  if (server === undefined && load === undefined) return '–';
  const percent = (share: number | undefined): string => (share === undefined ? '?' : `${Math.round(share * 100)}%`);
  return `${Math.max(server ?? 0, load ?? 0) > contendedShare ? '⚠ ' : ''}${percent(server)}/${percent(load)}`;
}

function runCells(run: RunRecord): string[] {
  return [formatRps(run.load.rps), formatMs(run.load.latencyMs.p50), formatMs(run.load.latencyMs.p99), formatMiB(run.rssAfterBytes), formatShare(run)];
}

function sideRow(name: string, side: SideSummary): string {
  return `| ${name} | ${side.label} | ${side.kind} | \`${side.method} ${side.path}\` | ${formatRps(side.medianRps)} | ${formatMs(side.medianP50Ms)} | ${formatMs(side.medianP99Ms)} | ${formatMiB(side.idleRssBytes)} | ${formatMiB(side.maxRssBytes)} |`;
}

/** The Markdown report of one throughput scenario (printed and written to bench/results/). */
export function renderThroughputReport(result: ThroughputResult): string {
  const { settings, scenario } = result;
  const target = scenario.targetRatio === undefined ? 'no target (informational)' : `target ≥ ${scenario.targetRatio}`;
  const lines = [
    `## throughput: ${scenario.name} — ${result.verdict}${result.flaggedRuns > 0 ? ' (with errors, see ⚠)' : ''}${result.contendedRuns > 0 ? ' (noisy: cores busy with other work in some runs)' : ''}`,
    '',
    scenario.description,
    '',
    `**Median A/B throughput ratio: ${formatRatio(result.medianRatio)}** (${target}; range ${formatRatio(result.minRatio)}–${formatRatio(result.maxRatio)} over ${result.pairs.length} pairs) → **${result.verdict}**`,
    '',
    result.cleanPairs === result.pairs.length
      ? `All ${result.pairs.length} pairs clean (no errors, neither core busy with other work).`
      : `Median over the ${result.cleanPairs} clean pair(s) only (no errors, server and load cores each < ${contendedShare * 100}% busy with other work): ${result.cleanMedianRatio === undefined ? '–' : formatRatio(result.cleanMedianRatio)}.`,
    '',
    `${settings.pairs} pairs × ${settings.durationSeconds} s per run, ${settings.connections} connections, warm-up ${settings.warmupSeconds} s per server, order alternating AB/BA, up to ${settings.retries} contended pair(s) measured again.`,
    '',
    '| side | label | runs as | request | median rps | median p50 | median p99 | idle RSS | max RSS |',
    '|---|---|---|---|--:|--:|--:|--:|--:|',
    sideRow('A', result.a),
    sideRow('B', result.b),
    '',
    '| pair | order | A rps | A p50 | A p99 | A RSS | A others | B rps | B p50 | B p99 | B RSS | B others | A/B | errors |',
    '|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
    ...result.pairs.map((pair) => {
      const errors = pair.a.errors + pair.b.errors > 0 ? `⚠ A ${pair.a.errors}, B ${pair.b.errors}` : '0';
      return `| ${pair.pair} | ${pair.order} | ${[...runCells(pair.a), ...runCells(pair.b)].join(' | ')} | ${formatRatio(pair.ratio)} | ${errors} |`;
    }),
    ...(result.discardedPairs.length > 0
      ? [
          '',
          `Discarded and measured again (a core was > ${contendedShare * 100}% busy with other work): ` +
            result.discardedPairs
              .map(
                (pair) =>
                  `A ${formatRps(pair.a.load.rps)} / B ${formatRps(pair.b.load.rps)} rps = ${formatRatio(pair.ratio)} (others ${formatShare(pair.a)}, ${formatShare(pair.b)})`,
              )
              .join('; ') +
            '.',
        ]
      : []),
    '',
    'Errors are non-2xx responses plus socket errors (connect, read, write, timeout) reported by the load generator; RSS is VmRSS right after the run; ' +
      `"others" is the share of the server core / load-generator core used by anything else during the run (other processes, interrupts), ⚠ above ${contendedShare * 100}%.`,
  ];
  if (result.notes.length > 0) lines.push('', 'Notes:', ...result.notes.map((note) => `- ${note}`));
  lines.push('', renderMachine(result.machine), '');
  return lines.join('\n');
}

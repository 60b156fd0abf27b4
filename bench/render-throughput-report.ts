import { formatMiB, formatMs, formatRatio, formatRps } from './format-units.js';
import { renderMachine } from './render-machine.js';
import type { RunRecord, SideSummary, ThroughputResult } from './throughput-result.js';

function runCells(run: RunRecord): string[] {
  return [formatRps(run.load.rps), formatMs(run.load.latencyMs.p50), formatMs(run.load.latencyMs.p99), formatMiB(run.rssAfterBytes)];
}

function sideRow(name: string, side: SideSummary): string {
  return `| ${name} | ${side.label} | ${side.kind} | \`GET ${side.path}\` | ${formatRps(side.medianRps)} | ${formatMs(side.medianP50Ms)} | ${formatMs(side.medianP99Ms)} | ${formatMiB(side.idleRssBytes)} | ${formatMiB(side.maxRssBytes)} |`;
}

/** The Markdown report of one throughput scenario (printed and written to bench/results/). */
export function renderThroughputReport(result: ThroughputResult): string {
  const { settings, scenario } = result;
  const target = scenario.targetRatio === undefined ? 'no target (informational)' : `target ≥ ${scenario.targetRatio}`;
  const lines = [
    `## throughput: ${scenario.name} — ${result.verdict}${result.flaggedRuns > 0 ? ' (with errors, see ⚠)' : ''}`,
    '',
    scenario.description,
    '',
    `**Median A/B throughput ratio: ${formatRatio(result.medianRatio)}** (${target}; range ${formatRatio(result.minRatio)}–${formatRatio(result.maxRatio)} over ${result.pairs.length} pairs) → **${result.verdict}**`,
    '',
    `${settings.pairs} pairs × ${settings.durationSeconds} s per run, ${settings.connections} connections, warm-up ${settings.warmupSeconds} s per server, order alternating AB/BA.`,
    '',
    '| side | label | runs as | request | median rps | median p50 | median p99 | idle RSS | max RSS |',
    '|---|---|---|---|--:|--:|--:|--:|--:|',
    sideRow('A', result.a),
    sideRow('B', result.b),
    '',
    '| pair | order | A rps | A p50 | A p99 | A RSS | B rps | B p50 | B p99 | B RSS | A/B | errors |',
    '|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
    ...result.pairs.map((pair) => {
      const errors = pair.a.errors + pair.b.errors > 0 ? `⚠ A ${pair.a.errors}, B ${pair.b.errors}` : '0';
      return `| ${pair.pair} | ${pair.order} | ${[...runCells(pair.a), ...runCells(pair.b)].join(' | ')} | ${formatRatio(pair.ratio)} | ${errors} |`;
    }),
    '',
    'Errors are non-2xx responses plus socket errors (connect, read, write, timeout) reported by the load generator; RSS is VmRSS right after the run.',
  ];
  if (result.notes.length > 0) lines.push('', 'Notes:', ...result.notes.map((note) => `- ${note}`));
  lines.push('', renderMachine(result.machine), '');
  return lines.join('\n');
}

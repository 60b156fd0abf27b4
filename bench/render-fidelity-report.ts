import type { BenchSampler } from './fidelity-sampler.mjs';
import type { FidelitySide, FidelityWorkloadResult } from './fidelity-result.js';
import { formatMiB, formatMs, formatRps } from './format-units.js';
import { renderCdfSvg, renderTimelineSvg, type CdfSeries } from './render-cdf-svg.js';
import { renderMachine } from './render-machine.js';

const percent = (value: number | undefined, digits = 1): string => (value === undefined || !Number.isFinite(value) ? '–' : `${(100 * value).toFixed(digits)}%`);
const signedPercent = (value: number): string => (Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${(100 * value).toFixed(2)}%` : '–');
const sideName = (side: FidelitySide): string =>
  side.runsAs === 'stand-in' ? 'mimicus (stand-in: bare server)' : side.side === 'bare' ? 'bare node:http + setTimeout' : 'mimicus';

function usageCells(usage: { cpuCores: number | undefined; eventLoopUtilization: number | undefined; serverCoreOthers: number | undefined }): string {
  return `${percent(usage.cpuCores, 0)} | ${percent(usage.eventLoopUtilization, 0)} | ${percent(usage.serverCoreOthers, 0)}`;
}

function renderSide(side: FidelitySide): string[] {
  const lines = [`### ${sideName(side)}: **${side.verdict}** — ${side.reason}`, ''];
  switch (side.kind) {
    case 'skipped':
      break;
    case 'distribution': {
      lines.push('| percentile | intended | observed | error | wrk raw |', '|---|---|---|---|---|');
      for (const row of side.rows)
        lines.push(
          `| p${row.percent} | ${formatMs(row.intendedMs)} | ${formatMs(row.observedMs)} | ${signedPercent(row.relativeError)} | ${formatMs(row.rawMs)} |`,
        );
      lines.push('');
      lines.push('| KS D | requests | rps | errors | server CPU | event-loop util. | others on server core | RSS after |', '|---|---|---|---|---|---|---|---|');
      lines.push(
        `| ${side.ksDistance === undefined ? 'n/a (point mass)' : `${side.ksDistance.toFixed(4)} (raw ${side.rawKsDistance?.toFixed(4)})`} | ${side.requests.toLocaleString('en')} | ${formatRps(side.rps)} | ${side.errors} | ${usageCells(side.usage)} | ${formatMiB(side.usage.rssAfterBytes)} |`,
      );
      const late = side.usage.timerLatenessMs;
      if (late && late.count > 0 && late.p50 !== null && late.p90 !== null && late.p99 !== null && late.max !== null) {
        lines.push(
          '',
          `Timers fired (inside the server, against their target): p50 ${formatMs(late.p50)}, p90 ${formatMs(late.p90)}, p99 ${formatMs(late.p99)}, max ${formatMs(late.max)} late.`,
        );
      }
      break;
    }
    case 'rate-limit':
      lines.push(
        '| duration | requests | offered rps | admitted (2xx) | intended | error | rejected | Retry-After | server CPU | event-loop util. | others on server core |',
        '|---|---|---|---|---|---|---|---|---|---|---|',
      );
      lines.push(
        `| ${side.durationSeconds.toFixed(2)} s | ${side.requests.toLocaleString('en')} | ${formatRps(side.rps)} | ${side.admitted} | ${side.intendedAdmitted.toFixed(0)} | ${signedPercent(side.relativeError)} | ${side.rejected.toLocaleString('en')} | ${side.retryAfter ?? '–'} | ${usageCells(side.usage)} |`,
      );
      break;
    case 'bandwidth':
      lines.push('| download | first byte | last byte | bytes |', '|---|---|---|---|');
      side.downloads.forEach((download, index) =>
        lines.push(
          `| ${index + 1} | ${formatMs(download.firstByteMs)} | ${(download.totalMs / 1_000).toFixed(3)} s | ${download.bytes.toLocaleString('en')} |`,
        ),
      );
      lines.push('', `Intended ${side.intendedSeconds.toFixed(3)} s; median ${side.medianSeconds.toFixed(3)} s (${signedPercent(side.relativeError)}).`);
      break;
    case 'schedule': {
      const first = side.probes[0];
      const last = side.probes[side.probes.length - 1];
      lines.push(
        `${side.probes.length} sequential probes on one connection from ${((first?.sentAtMs ?? 0) / 1_000).toFixed(2)} s to ${((last?.sentAtMs ?? 0) / 1_000).toFixed(2)} s after spawn; ` +
          `the boundary lies between spawn + lead (${(side.boundaryWindowMs[0] / 1_000).toFixed(3)} s) and first answer + lead (${(side.boundaryWindowMs[1] / 1_000).toFixed(3)} s), ` +
          `since the server's clock starts somewhere in between. Switch observed at ${((side.switchAtMs ?? 0) / 1_000).toFixed(3)} s; ${side.outOfPlace} slow answer(s) before it.`,
      );
      const timing = side.probes.find((probe) => probe.serverTiming !== undefined)?.serverTiming;
      if (timing) lines.push('', `Server-Timing seen: \`${timing}\`.`);
      break;
    }
  }
  if (side.notes.length > 0) lines.push('', ...side.notes.map((note) => `- ${note}`));
  lines.push('');
  return lines;
}

export function renderFidelityReport(result: FidelityWorkloadResult, svgFile: string | undefined): string {
  const lines = [`## ${result.workload}: ${result.title}`, '', `Target: ${result.target}.`, ''];
  if (result.sides.some((side) => side.kind === 'distribution')) {
    lines.push(
      'Observed = wrk (request sent → whole response, on 127.0.0.1) on a 0.1% grid, reweighted by 1/(D − x) to undo wrk dropping the request in flight on each connection when it stops (long requests are under-counted otherwise); "wrk raw" is wrk\'s own figure.',
      '',
    );
  }
  if (result.sampler) {
    lines.push(`Intended distribution: ${result.sampler.label}, sampled by Mimicus's compileLatency (dist/distributions), seed 42 on both sides.`, '');
  }
  for (const side of result.sides) lines.push(...renderSide(side));
  if (svgFile) lines.push(`Plot: \`${svgFile}\``, '');
  lines.push(renderMachine(result.machine), '');
  return lines.join('\n');
}

const colors = { intended: '#222', bare: '#1f77b4', mimicus: '#d62728' };

/** The workload's plot, or undefined when it has none (rate limit, bandwidth) or nothing was measured. */
export function renderFidelitySvg(result: FidelityWorkloadResult, sampler: BenchSampler | undefined): string | undefined {
  const latencySides = result.sides.filter((side): side is Extract<FidelitySide, { kind: 'distribution' }> => side.kind === 'distribution');
  if (latencySides.length > 0 && sampler) {
    const grid = latencySides[0]?.observed.map((point) => point.percent / 100) ?? [];
    const series: CdfSeries[] = [
      { label: `intended ${sampler.label}`, color: colors.intended, dashed: true, points: grid.map((p) => ({ p, x: sampler.quantile(p) })) },
    ];
    for (const side of latencySides) {
      series.push({
        label: `observed, ${sideName(side)}`,
        color: colors[side.side],
        points: side.observed.map((point) => ({ p: point.percent / 100, x: point.ms })),
      });
    }
    return renderCdfSvg(`${result.workload}: ${result.title}`, series);
  }
  const scheduleSides = result.sides.filter((side): side is Extract<FidelitySide, { kind: 'schedule' }> => side.kind === 'schedule');
  if (scheduleSides.length > 0) {
    return renderTimelineSvg(
      `${result.workload}: ${result.title}`,
      scheduleSides.map((side) => ({
        label: sideName(side),
        color: colors[side.side],
        points: side.probes.map((probe) => ({ t: probe.sentAtMs / 1_000, latency: probe.latencyMs })),
      })),
      scheduleSides.map((side) => ({ from: side.boundaryWindowMs[0] / 1_000, to: side.boundaryWindowMs[1] / 1_000, color: colors[side.side] })),
    );
  }
  return undefined;
}

/** One line per workload and side, for the summary printed at the end. */
export function renderFidelitySummary(results: FidelityWorkloadResult[]): string {
  const lines = ['## Fidelity summary', '', '| workload | side | verdict | detail |', '|---|---|---|---|'];
  for (const result of results)
    for (const side of result.sides) lines.push(`| ${result.workload} | ${sideName(side)} | ${side.verdict} | ${side.reason.replace(/\|/g, '\\|')} |`);
  return `${lines.join('\n')}\n`;
}

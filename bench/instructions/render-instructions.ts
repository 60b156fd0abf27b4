import type { InstructionSettings, SideCount } from './measure-side.js';

export interface InstructionRow {
  row: string;
  label: string;
  /** This build's runs. */
  a: SideCount[];
  /** The --against build's runs (empty without --against). */
  b: SideCount[];
}

interface RenderContext {
  refLabel: string | undefined;
  loadAverage: number[];
  settings: InstructionSettings;
  median: (values: readonly number[]) => number;
}

/**
 * One build spent over 1.5x the other's instructions in the optimising compiler: it was still
 * warming up (baseline code, inline-cache misses), and such a run read 1.14 where warm runs of the
 * same row read 0.93-1.03.
 */
function stillWarming(a: SideCount, b: SideCount | undefined): boolean {
  if (b === undefined) return false;
  return Math.max(a.compilerPerRequest, b.compilerPerRequest) > 1.5 * Math.min(a.compilerPerRequest, b.compilerPerRequest);
}

const thousands = (value: number): string => Math.round(value).toLocaleString('en');

/** The markdown table: per row, the median instructions per request of each build and their ratio. */
export function renderInstructionReport(rows: readonly InstructionRow[], context: RenderContext): string {
  const { refLabel, median, settings } = context;
  const lines = [
    '## Instructions per request (callgrind)',
    '',
    `${settings.warmupRequests} warm-up and ${settings.requests} counted requests per run, ${settings.connections} keep-alive connections, closed loop. ` +
      `Per request = (instructions in the window − V8's optimising compiler in it − the idle rate × the window's length) / requests; the idle rate is counted for ${settings.idleSeconds} s just before the window. Node runs with --single-threaded --no-memory-reducer under valgrind. ` +
      `Load average at start ${context.loadAverage.map((value) => value.toFixed(2)).join(' / ')} (counts do not depend on it).`,
    '',
  ];
  if (refLabel === undefined) {
    lines.push('| row | instructions/request (median) | runs | raw (with compiler, timers) | compiler | idle instructions/s |', '|---|--:|--:|--:|--:|--:|');
    for (const row of rows) {
      lines.push(
        `| ${row.row} | ${thousands(median(row.a.map((run) => run.perRequest)))} | ${row.a.map((run) => thousands(run.perRequest)).join(', ')} | ${thousands(median(row.a.map((run) => run.rawPerRequest)))} | ${thousands(median(row.a.map((run) => run.compilerPerRequest)))} | ${thousands(median(row.a.map((run) => run.backgroundPerSecond)))} |`,
      );
    }
    return lines.join('\n');
  }
  lines.push(
    `| row | this build | ${refLabel} | A/B (median of runs) | A/B per run | raw A/B (with compiler, timers) | compiler/request A, B |`,
    '|---|--:|--:|--:|--:|--:|--:|',
  );
  for (const row of rows) {
    const ratios = row.a.map((run, index) => run.perRequest / (row.b[index]?.perRequest ?? Number.NaN));
    const warming = row.a.map((run, index) => stillWarming(run, row.b[index]));
    const rawRatio = median(row.a.map((run) => run.rawPerRequest)) / median(row.b.map((run) => run.rawPerRequest));
    lines.push(
      `| ${row.row} | ${thousands(median(row.a.map((run) => run.perRequest)))} | ${thousands(median(row.b.map((run) => run.perRequest)))} | **${median(ratios).toFixed(3)}** | ${ratios.map((ratio, index) => `${ratio.toFixed(3)}${warming[index] ? ' †' : ''}`).join(', ')} | ${rawRatio.toFixed(3)} | ${thousands(median(row.a.map((run) => run.compilerPerRequest)))}, ${thousands(median(row.b.map((run) => run.compilerPerRequest)))} |`,
    );
  }
  lines.push('', 'A/B above 1: this build executes more instructions per request than the reference.');
  if (rows.some((row) => row.a.some((run, index) => stillWarming(run, row.b[index])))) {
    lines.push(
      "† one build spent over 1.5× the other's instructions in the optimising compiler: it was still warming up; run again or raise --warmup-requests.",
    );
  }
  return lines.join('\n');
}

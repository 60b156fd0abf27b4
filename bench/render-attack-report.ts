import { attackTargets, type AttackResult } from './run-attack.js';
import type { MachineInfo } from './machine-info.js';
import { median } from './median.js';
import { renderMachine } from './render-machine.js';

const mb = (bytes: number | undefined): string => (bytes === undefined ? '–' : String(Math.round(bytes / 1024 / 1024)));
const ms = (value: number | undefined): string => (value === undefined ? '–' : String(Math.round(value)));

/**
 * When a row ran more than once (`--rounds`) or beside peers (`--peers`): each row's median worst
 * pause and RSS peak, and its pause against the Mimicus row of the same attack in the same run.
 */
function renderMedians(results: readonly AttackResult[]): string[] {
  const byRow = new Map<string, AttackResult[]>();
  for (const result of results) byRow.set(result.attack, [...(byRow.get(result.attack) ?? []), result]);
  if ([...byRow.values()].every((runs) => runs.length === 1) && !results.some((result) => result.attack.includes(' ('))) return [];
  const medianOf = (values: number[]): number | undefined => (values.length === 0 ? undefined : median(values));
  const pauseOf = (row: string) => medianOf((byRow.get(row) ?? []).flatMap((result) => (result.worstPauseMs === undefined ? [] : [result.worstPauseMs])));
  const lines = [
    '',
    '| row | runs | median worst pause (ms) | worst pause, each run (ms) | median server stall (ms) | median RSS peak (MB) | pause vs Mimicus |',
    '|---|---:|---:|---|---:|---:|---:|',
  ];
  for (const [row, runs] of byRow) {
    const mimicusRow = row.replace(/ \(.*\)$/, '');
    const pause = pauseOf(row);
    const mimicusPause = pauseOf(mimicusRow);
    const ratio = pause !== undefined && mimicusPause !== undefined && row !== mimicusRow && mimicusPause > 0 ? (pause / mimicusPause).toFixed(2) : '–';
    const rss = medianOf(runs.flatMap((result) => (result.rssPeakBytes === undefined ? [] : [result.rssPeakBytes])));
    const stall = medianOf(runs.flatMap((result) => (result.server?.stallMaxMs === undefined ? [] : [result.server.stallMaxMs])));
    lines.push(
      `| ${row} | ${runs.length} | ${ms(pause)} | ${runs.map((result) => ms(result.worstPauseMs)).join(', ')} | ${ms(stall)} | ${mb(rss)} | ${ratio} |`,
    );
  }
  return lines;
}

/** The attack table: worst pause of matched traffic and RSS peak per attack, against issue 13's targets. */
export function renderAttackReport(results: readonly AttackResult[], machine: MachineInfo, openFiles: number | undefined): string {
  const lines = [
    '## Attacks (issue 13)',
    '',
    `Targets: worst pause of matched traffic ≤ ${attackTargets.worstPauseMs} ms, server RSS peak ≤ ${mb(attackTargets.rssPeakBytes)} MB. ` +
      `Probe: GET /hello at 100 requests/s (open loop) for the whole window; worst pause = its worst latency or longest silence. ` +
      `RSS peak: VmHWM of the server process (start-up included). Open-file limit: ${openFiles ?? 'unknown'}. ` +
      `Which part of a pause is the server's: *server stall* is the longest its own event loop stood still in the window (a long task, a GC, ` +
      `or waiting for its core; Node servers only), *GC* its longest and total GC pauses, *CPU* what it used, *core wait* how long it was ` +
      `ready to run but waited for its core (a neighbour's work); *probe stall* is how late ` +
      `the probe's own timer fired at worst (it shares the load core with the attacker); *new conn.* how many probe requests had to open a ` +
      `connection and the worst of their latencies (seconds there, with a fast connect, is the accept queue: the server accepting late). A worst pause far above both stalls was spent ` +
      `in neither process: in the kernel's loopback or the sockets' queues.`,
    '',
    '| attack | window (s) | worst pause (ms) | probe p50 / p99 (ms) | probe answered / sent | probe errors | RSS idle → peak (MB) | server stall / GC max / GC total / CPU / core wait (ms) | probe stall (ms) | new conn. / worst (ms) | verdict | what happened |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const result of results) {
    const probe = result.probe;
    const inside = result.server;
    const server = inside
      ? `${ms(inside.stallMaxMs)} / ${ms(inside.gcMaxMs)} / ${ms(inside.gcTotalMs)} / ${ms(inside.cpuMs)} / ${ms(inside.runQueueWaitMs)}`
      : '–';
    lines.push(
      `| ${result.attack} | ${result.windowSeconds} | ${ms(result.worstPauseMs)} | ${probe ? `${ms(probe.p50Ms)} / ${ms(probe.p99Ms)}` : '–'} | ${probe ? `${probe.answered} / ${probe.sent}` : '–'} | ${probe ? probe.errors + probe.statusErrors : '–'} | ${mb(result.rssIdleBytes)} → ${mb(result.rssPeakBytes)} | ${server} | ${ms(probe?.selfStallMs)} | ${probe?.onNewConnection === undefined ? '–' : `${probe.onNewConnection} / ${ms(probe.worstOnNewConnectionMs)}`} | ${result.verdict} | ${result.note.replaceAll('|', '\\|')} |`,
    );
  }
  lines.push(...renderMedians(results));
  const described = [...new Map(results.map((result) => [result.attack, result])).values()];
  lines.push('', ...described.map((result) => `- **${result.attack}**: ${result.description}`), '', renderMachine(machine));
  return lines.join('\n');
}

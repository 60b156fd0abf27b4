import { attackTargets, type AttackResult } from './run-attack.js';
import type { MachineInfo } from './machine-info.js';
import { renderMachine } from './render-machine.js';

const mb = (bytes: number | undefined): string => (bytes === undefined ? '–' : String(Math.round(bytes / 1024 / 1024)));
const ms = (value: number | undefined): string => (value === undefined ? '–' : String(Math.round(value)));

/** The attack table: worst pause of matched traffic and RSS peak per attack, against issue 13's targets. */
export function renderAttackReport(results: readonly AttackResult[], machine: MachineInfo, openFiles: number | undefined): string {
  const lines = [
    '## Attacks (issue 13)',
    '',
    `Targets: worst pause of matched traffic ≤ ${attackTargets.worstPauseMs} ms, server RSS peak ≤ ${mb(attackTargets.rssPeakBytes)} MB. ` +
      `Probe: GET /hello at 100 requests/s (open loop) for the whole window; worst pause = its worst latency or longest silence. ` +
      `RSS peak: VmHWM of the server process (start-up included). Open-file limit: ${openFiles ?? 'unknown'}.`,
    '',
    '| attack | window (s) | worst pause (ms) | probe p50 / p99 (ms) | probe answered / sent | probe errors | RSS idle → peak (MB) | verdict | what happened |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const result of results) {
    const probe = result.probe;
    lines.push(
      `| ${result.attack} | ${result.windowSeconds} | ${ms(result.worstPauseMs)} | ${probe ? `${ms(probe.p50Ms)} / ${ms(probe.p99Ms)}` : '–'} | ${probe ? `${probe.answered} / ${probe.sent}` : '–'} | ${probe ? probe.errors + probe.statusErrors : '–'} | ${mb(result.rssIdleBytes)} → ${mb(result.rssPeakBytes)} | ${result.verdict} | ${result.note.replaceAll('|', '\\|')} |`,
    );
  }
  lines.push('', ...results.map((result) => `- **${result.attack}**: ${result.description}`), '', renderMachine(machine));
  return lines.join('\n');
}

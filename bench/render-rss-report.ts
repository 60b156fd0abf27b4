import { formatMiB } from './format-units.js';
import { renderMachine } from './render-machine.js';
import type { RssResult } from './run-rss-check.js';

export function renderRssReport(result: RssResult): string {
  if (result.kind === 'skipped') {
    return ['## rss: idle RSS of Mimicus with examples/quickstart.yaml — SKIPPED', '', `Skipped: ${result.reason}.`, '', renderMachine(result.machine), ''].join('\n');
  }
  const standIn = result.runsAs === 'stand-in' ? ' (bare stand-in, harness self-test)' : '';
  return [
    `## rss: idle RSS of Mimicus with ${result.config}${standIn} — ${result.verdict}`,
    '',
    `**Idle RSS: ${formatMiB(result.idleRssBytes)}** (target ≤ ${formatMiB(result.targetBytes)}) → **${result.verdict}**`,
    '',
    `Largest of ${result.samplesBytes.length} VmRSS samples taken over 1 s after the server first answered, with no load: ${result.samplesBytes.map(formatMiB).join(', ')}.`,
    '',
    renderMachine(result.machine),
    '',
  ].join('\n');
}

import { formatMiB } from './format-units.js';
import { renderMachine } from './render-machine.js';
import type { RssResult } from './run-rss-check.js';

export function renderRssReport(result: RssResult): string {
  if (result.kind === 'skipped') {
    return [
      '## rss: idle RSS of Mimicus with examples/quickstart.yaml — SKIPPED',
      '',
      `Skipped: ${result.reason}.`,
      '',
      renderMachine(result.machine),
      '',
    ].join('\n');
  }
  const standIn = result.runsAs === 'stand-in' ? ' (bare stand-in, harness self-test)' : '';
  return [
    `## rss: idle RSS of Mimicus with ${result.config}${standIn} — ${result.verdict}`,
    '',
    `**Idle RSS: ${formatMiB(result.idleRssBytes)}** (target ≤ ${formatMiB(result.targetBytes)}) → **${result.verdict}**`,
    '',
    `Idle RSS is the median of the last 5 of ${result.samplesBytes.length} VmRSS samples taken once a second for 30 s after the server first answered, with no load (V8 gives back the start-up young generation after ~10 s idle). Right after start-up: ${formatMiB(result.startupRssBytes)}.`,
    '',
    `Samples: ${result.samplesBytes.map(formatMiB).join(', ')}.`,
    '',
    renderMachine(result.machine),
    '',
  ].join('\n');
}

import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { MachineInfo } from './machine-info.js';
import { median } from './median.js';
import { readRssBytes } from './read-rss.js';
import { repoRoot } from './repo-paths.js';
import { startServer, type StartOptions } from './start-server.js';

export const quickstartConfig = join(repoRoot, 'examples', 'quickstart.yaml');
export const rssTargetBytes = 80 * 2 ** 20;
/**
 * V8's memory reducer gives back the young generation grown during start-up (config parsing,
 * template compilation) after about 10 s without work, so "idle" is measured once that has had
 * time to happen; the figure right after start-up is reported beside it.
 */
const idleAfterMs = 30_000;
const sampleEveryMs = 1_000;
const startupSamples = 2;
const idleSamples = 5;

export type RssResult =
  | { kind: 'skipped'; reason: string; machine: MachineInfo; at: string }
  | {
      kind: 'measured';
      config: string;
      runsAs: 'mimicus' | 'stand-in';
      /** VmRSS samples, one a second from start-up to the end of the idle period. */
      samplesBytes: number[];
      /** Largest of the first samples: memory right after start-up. */
      startupRssBytes: number;
      /** Median of the last samples, after 30 s with no load: the figure held against the target. */
      idleRssBytes: number;
      targetBytes: number;
      verdict: 'PASS' | 'MISS';
      machine: MachineInfo;
      at: string;
    };

/**
 * Idle RSS of Mimicus serving the quickstart example: start it, sample VmRSS once a second for
 * 30 s with no load, report the start-up peak and the settled idle figure (the median of the last
 * five samples). Skipped (with a reason) when the example is missing.
 */
export async function runRssCheck(start: StartOptions, machine: MachineInfo): Promise<RssResult> {
  const at = new Date().toISOString();
  if (!existsSync(quickstartConfig)) {
    return { kind: 'skipped', reason: `${relative(repoRoot, quickstartConfig)} does not exist yet`, machine, at };
  }
  const server = await startServer(
    { kind: 'mimicus-file', file: quickstartConfig, standIn: { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' } },
    'quickstart',
    start,
  );
  try {
    const samplesBytes: number[] = [];
    if (server.idleRssBytes !== undefined) samplesBytes.push(server.idleRssBytes);
    for (let elapsed = 0; elapsed < idleAfterMs; elapsed += sampleEveryMs) {
      await new Promise((resolve) => setTimeout(resolve, sampleEveryMs));
      const bytes = await readRssBytes(server.pid);
      if (bytes !== undefined) samplesBytes.push(bytes);
    }
    if (samplesBytes.length < startupSamples + idleSamples) {
      throw new Error(`could not read /proc/${server.pid}/status for the quickstart server`);
    }
    const startupRssBytes = Math.max(...samplesBytes.slice(0, startupSamples));
    const idleRssBytes = median(samplesBytes.slice(-idleSamples));
    return {
      kind: 'measured',
      config: relative(repoRoot, quickstartConfig),
      runsAs: server.kind === 'stand-in' ? 'stand-in' : 'mimicus',
      samplesBytes,
      startupRssBytes,
      idleRssBytes,
      targetBytes: rssTargetBytes,
      verdict: idleRssBytes <= rssTargetBytes ? 'PASS' : 'MISS',
      machine,
      at,
    };
  } finally {
    await server.stop();
  }
}

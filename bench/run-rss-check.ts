import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { MachineInfo } from './machine-info.js';
import { readRssBytes } from './read-rss.js';
import { repoRoot } from './repo-paths.js';
import { startServer, type StartOptions } from './start-server.js';

export const quickstartConfig = join(repoRoot, 'examples', 'quickstart.yaml');
export const rssTargetBytes = 80 * 2 ** 20;
const settleMs = 1_000;

export type RssResult =
  | { kind: 'skipped'; reason: string; machine: MachineInfo; at: string }
  | {
      kind: 'measured';
      config: string;
      runsAs: 'mimicus' | 'stand-in';
      /** VmRSS samples over the settle period after start-up; the reported figure is the largest. */
      samplesBytes: number[];
      idleRssBytes: number;
      targetBytes: number;
      verdict: 'PASS' | 'MISS';
      machine: MachineInfo;
      at: string;
    };

/**
 * Idle RSS of Mimicus serving the quickstart example: start it, let it settle for a second with
 * no load, and take the largest VmRSS sample. Skipped (with a reason) when the example is missing.
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
    for (let sample = 0; sample < 4; sample += 1) {
      await new Promise((resolve) => setTimeout(resolve, settleMs / 4));
      const bytes = await readRssBytes(server.pid);
      if (bytes !== undefined) samplesBytes.push(bytes);
    }
    if (samplesBytes.length === 0) throw new Error(`could not read /proc/${server.pid}/status for the quickstart server`);
    const idleRssBytes = Math.max(...samplesBytes);
    return {
      kind: 'measured',
      config: relative(repoRoot, quickstartConfig),
      runsAs: server.kind === 'stand-in' ? 'stand-in' : 'mimicus',
      samplesBytes,
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

import type { Result } from '../src/config/index.js';
import { benchDir } from './repo-paths.js';
import { join } from 'node:path';
import { loadCore, pinnedCommand } from './pin-to-core.js';
import { parseWrkPercentiles, type WrkPercentiles } from './parse-wrk-percentiles.js';
import { runCommand } from './run-command.js';

export const fidelityLuaScript = join(benchDir, 'fidelity.lua');

export interface PercentileLoad {
  url: string;
  connections: number;
  durationSeconds: number;
  /** wrk's per-request timeout; above the slowest intended latency so the tail is not cut off. */
  timeoutSeconds: number;
}

/**
 * `ulimit -n <n>; taskset -c 1 wrk -t1 -c<N> -d<D>s --timeout <T>s --latency -s bench/fidelity.lua <url>`.
 * The shell raises the descriptor limit (wrk does not, and 10,000 connections need more than the
 * usual 1,024); it is raised to the hard limit when that is lower than wanted.
 */
export async function runWrkPercentiles(load: PercentileLoad): Promise<Result<WrkPercentiles, string>> {
  const args = [
    '-t1',
    `-c${load.connections}`,
    `-d${load.durationSeconds}s`,
    '--timeout',
    `${load.timeoutSeconds}s`,
    '--latency',
    '-s',
    fidelityLuaScript,
    load.url,
  ];
  const pinned = pinnedCommand(loadCore, 'wrk', args);
  const wanted = load.connections + 256;
  const script = `hard=$(ulimit -Hn); want=${wanted}; if [ "$hard" != unlimited ] && [ "$hard" -lt "$want" ]; then want=$hard; fi; ulimit -n "$want" && exec "$@"`;
  const limitSeconds = load.durationSeconds + load.timeoutSeconds + 20;
  const output = await runCommand('sh', ['-c', script, 'sh', pinned.command, ...pinned.args], limitSeconds * 1_000);
  if (output.timedOut) return { ok: false, error: `wrk did not finish within ${limitSeconds} s` };
  if (output.code !== 0) return { ok: false, error: `wrk exited with ${output.code}: ${(output.stderr || output.stdout).trim().slice(0, 2_000)}` };
  return parseWrkPercentiles(output.stdout);
}

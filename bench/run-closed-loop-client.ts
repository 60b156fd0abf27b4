import { join } from 'node:path';
import type { Result } from '../src/config/index.js';
import { loadCore, pinnedCommand } from './pin-to-core.js';
import { benchDir } from './repo-paths.js';
import { runCommand } from './run-command.js';

export interface ClosedLoopResult {
  /** Every request's latency, sorted ascending. */
  latenciesMs: number[];
  errors: number;
  statusErrors: number;
  durationSeconds: number;
}

/**
 * Runs bench/closed-loop-client.mjs on the load core: per-request latencies, for workloads light
 * enough for one Node process to drive (F1: 200 connections, ~1.8k rps). wrk's histogram read
 * 2–3% high there for a plain setTimeout server as much as for Mimicus (docs/fidelity.md).
 */
export async function runClosedLoopClient(
  url: string,
  connections: number,
  durationSeconds: number,
  slowestMs: number,
): Promise<Result<ClosedLoopResult, string>> {
  const pinned = pinnedCommand(loadCore, process.execPath, [join(benchDir, 'closed-loop-client.mjs'), url, String(connections), String(durationSeconds)]);
  const limitMs = (durationSeconds + 20) * 1_000 + slowestMs;
  const output = await runCommand(pinned.command, pinned.args, limitMs);
  if (output.timedOut) return { ok: false, error: `the closed-loop client did not finish within ${Math.round(limitMs / 1_000)} s` };
  if (output.code !== 0) return { ok: false, error: `the closed-loop client exited with ${output.code}: ${output.stderr.trim().slice(0, 2_000)}` };
  try {
    return { ok: true, value: JSON.parse(output.stdout) as ClosedLoopResult };
  } catch {
    return { ok: false, error: `the closed-loop client printed no JSON: ${output.stdout.slice(0, 500)}` };
  }
}

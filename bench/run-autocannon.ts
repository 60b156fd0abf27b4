import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../src/config/index.js';
import type { LoadRequest } from './load-generator.js';
import type { LoadResult } from './load-result.js';
import { loadCore, pinnedCommand } from './pin-to-core.js';
import { runCommand } from './run-command.js';
import { repoRoot } from './repo-paths.js';
import type { SideRequest } from './scenario.js';

export const autocannonBin = join(repoRoot, 'node_modules', 'autocannon', 'autocannon.js');

export function hasAutocannon(): boolean {
  return existsSync(autocannonBin);
}

/** The fields of `autocannon --json` we read. */
interface AutocannonJson {
  requests: { average: number; total: number };
  latency: { average: number; p50: number; p90: number; p99: number; max: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/**
 * autocannon's `-m`, `-b` and `-H` for a request other than the default GET; none for a bodiless
 * GET. The body travels on the command line, so it cannot hold a NUL character (spawn refuses it).
 */
function requestArgs(request: SideRequest | undefined): string[] {
  if (request === undefined) return [];
  const args = ['-m', request.method];
  if (request.body !== undefined) args.push('-b', request.body);
  if (request.contentType !== undefined) args.push('-H', `content-type=${request.contentType}`);
  return args;
}

/** Fallback when wrk is missing: autocannon's CLI (a separate process, so it can be pinned too). */
export async function runAutocannon(load: LoadRequest): Promise<Result<LoadResult, string>> {
  const args = [autocannonBin, '--json', '-c', String(load.connections), '-d', String(load.durationSeconds), '-t', '5', ...requestArgs(load.request), load.url];
  const { command, args: pinnedArgs } = pinnedCommand(loadCore, process.execPath, args);
  const output = await runCommand(command, pinnedArgs, (load.durationSeconds + 15) * 1_000);
  if (output.timedOut) return { ok: false, error: `autocannon did not finish within ${load.durationSeconds + 15} s` };
  if (output.code !== 0) return { ok: false, error: `autocannon exited with ${output.code}: ${output.stderr.trim()}` };
  let json: AutocannonJson;
  try {
    json = JSON.parse(output.stdout) as AutocannonJson;
  } catch {
    return { ok: false, error: `autocannon printed no JSON: ${output.stdout.slice(0, 500)}` };
  }
  return {
    ok: true,
    value: {
      tool: 'autocannon',
      requests: json.requests.total,
      durationSeconds: json.duration,
      rps: json.duration > 0 ? json.requests.total / json.duration : json.requests.average,
      latencyMs: { avg: json.latency.average, p50: json.latency.p50, p90: json.latency.p90, p99: json.latency.p99, max: json.latency.max },
      non2xx: json.non2xx,
      socketErrors: { connect: 0, read: json.errors - json.timeouts, write: 0, timeout: json.timeouts },
    },
  };
}

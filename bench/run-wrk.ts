import type { Result } from '../src/config/index.js';
import type { LoadRequest } from './load-generator.js';
import type { LoadResult } from './load-result.js';
import { parseWrk } from './parse-wrk.js';
import { loadCore, pinnedCommand } from './pin-to-core.js';
import { runCommand } from './run-command.js';
import { withTempFile } from './temp-file.js';
import { wrkScript } from './wrk-script.js';

async function runWith(load: LoadRequest, scriptArgs: string[]): Promise<Result<LoadResult, string>> {
  const args = ['-t1', `-c${load.connections}`, `-d${load.durationSeconds}s`, '--timeout', '5s', '--latency', ...scriptArgs, load.url];
  const { command, args: pinnedArgs } = pinnedCommand(loadCore, 'wrk', args);
  const output = await runCommand(command, pinnedArgs, (load.durationSeconds + 15) * 1_000);
  if (output.timedOut) return { ok: false, error: `wrk did not finish within ${load.durationSeconds + 15} s` };
  if (output.code !== 0) return { ok: false, error: `wrk exited with ${output.code}: ${(output.stderr || output.stdout).trim()}` };
  return parseWrk(output.stdout);
}

/**
 * `taskset -c 1 wrk -t1 -c<connections> -d<seconds>s --latency <url>`; a request other than the
 * default GET goes in a generated Lua script (`-s`), removed after the run.
 */
export async function runWrk(load: LoadRequest): Promise<Result<LoadResult, string>> {
  if (load.request === undefined) return runWith(load, []);
  return withTempFile('request.lua', wrkScript(load.request), (file) => runWith(load, ['-s', file]));
}

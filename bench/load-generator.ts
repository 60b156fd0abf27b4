import { spawnSync } from 'node:child_process';
import type { Result } from '../src/config/index.js';
import type { LoadResult } from './load-result.js';
import type { SideRequest } from './scenario.js';
import { hasAutocannon, runAutocannon } from './run-autocannon.js';
import { runWrk } from './run-wrk.js';

export interface LoadRequest {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Absent: a bodiless GET, the load generators' default, sent with their default arguments. */
  request?: SideRequest;
}

export type LoadGenerator = { tool: 'wrk' | 'autocannon'; version: string; run(load: LoadRequest): Promise<Result<LoadResult, string>> };

/** wrk when installed (preferred: C, one thread, little noise), else autocannon from devDependencies. */
export function pickLoadGenerator(): Result<LoadGenerator, string> {
  const wrk = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (!wrk.error) {
    const version = `${wrk.stdout}${wrk.stderr}`.split('\n')[0]?.trim() ?? 'wrk';
    return { ok: true, value: { tool: 'wrk', version, run: runWrk } };
  }
  if (hasAutocannon()) return { ok: true, value: { tool: 'autocannon', version: 'autocannon (devDependency)', run: runAutocannon } };
  return { ok: false, error: 'no load generator: install wrk (apt-get install wrk) or run npm install for autocannon' };
}

import type { Config, ConfigIssue, Result } from '../config/index.js';
import { compilePlan, type OpenSequencePositions, type Plan } from '../plan/index.js';
import { planFileReader } from './plan-file-reader.js';

/** What the caller may override of every compiled config, and where its data lives. */
export interface PlanOptions {
  readonly seed?: number;
  readonly port?: number;
  readonly host?: string;
  readonly env?: Record<string, string | undefined>;
  /** Wall clock for templates (`now`); tests pass a fixed one. */
  readonly now?: () => number;
  /** The data directory (see MimicusOptions.dataDir): the config may never read files from it. */
  readonly dataDir?: string | false;
  /** Where sequences keep their positions; set by the workers of `serve --workers` (ClusterHooks), not by users. */
  readonly openSequence?: OpenSequencePositions;
}

/** Where a config's relative paths resolve: its main directory, and per endpoint the directory of the file that declared it. */
export interface ConfigDirs {
  readonly baseDir: string;
  readonly endpointBaseDirs: readonly string[];
}

/**
 * The one place compilePlan's inputs are assembled, whatever the config came from (a file, the
 * admin API, `m.reload()`, a restored version): the file policy it reads `bodyFile` and seeds
 * through, the clock, and the seed, port and host the caller's options override. `previous`, the
 * Plan being served, lends the parts that did not change (the router).
 */
export function compileConfig(config: Config, dirs: ConfigDirs, options: PlanOptions, previous?: Plan): Promise<Result<Plan, ConfigIssue[]>> {
  return compilePlan(
    { config, baseDir: dirs.baseDir, endpointBaseDirs: dirs.endpointBaseDirs },
    {
      readFile: planFileReader(config, dirs.baseDir, options.dataDir),
      now: options.now ?? Date.now,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.host !== undefined ? { host: options.host } : {}),
      ...(previous ? { previous } : {}),
      ...(options.openSequence ? { openSequence: options.openSequence } : {}),
    },
  );
}

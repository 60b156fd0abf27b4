import { join, resolve } from 'node:path';
import { fileAccessOf, type Config } from '../config/index.js';
import type { PlanDeps } from '../plan/index.js';

/**
 * Directories a config may never read from: the data directory (`.mimicus/` beside the config by
 * default, or the one configured), which holds the state, journal, versions and API key databases.
 */
export function forbiddenDirsOf(configDir: string, dataDir: string | false | undefined): string[] {
  return [join(configDir, '.mimicus'), ...(typeof dataDir === 'string' ? [resolve(dataDir)] : [])];
}

/**
 * How a Plan compile reads `bodyFile` and `seed`: through the config's file policy (its
 * directory and `server.fileRoots`, regular files, `server.maxFileSize`, never the data directory).
 */
export function planFileReader(config: Config, configDir: string, dataDir: string | false | undefined): PlanDeps['readFile'] {
  const access = fileAccessOf(config, configDir, forbiddenDirsOf(configDir, dataDir));
  return (path, baseDir) => access.read(path, baseDir);
}

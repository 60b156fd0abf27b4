import { dirname, resolve } from 'node:path';
import { assembleConfig } from './assemble-config.js';
import type { Env } from './interpolate-env.js';
import { loadSources } from './load-sources.js';
import type { LoadedConfig } from './loaded-config.js';
import { err, type ConfigIssue, type Result } from './result.js';

/**
 * Loads a config file (YAML, or JSON when it ends in `.json`) with its includes, interpolates
 * environment variables (default `process.env`), migrates and validates it. Every problem comes
 * back at once, with file:line:column, sorted by position. `forbiddenDirs` (the data directory)
 * are never included.
 */
export async function loadConfigFile(
  file: string,
  options: { env?: Env; forbiddenDirs?: readonly string[] } = {},
): Promise<Result<LoadedConfig, ConfigIssue[]>> {
  const { sources, files, hashes, issues } = await loadSources(file, {
    env: options.env ?? process.env,
    ...(options.forbiddenDirs ? { forbiddenDirs: options.forbiddenDirs } : {}),
  });
  if (sources.length === 0) return err(issues);
  return assembleConfig(sources, { file: resolve(file), files, hashes, dirs: files.map((f) => dirname(f)) }, issues);
}

import { dirname, resolve } from 'node:path';
import { attachLocations, loadConfigFile, validateConfigObject, type ConfigIssue, type LoadedConfig, type Result } from '../config/index.js';
import type { Plan } from '../plan/index.js';
import { compileConfig, type PlanOptions } from './compile-config.js';
import { forbiddenDirsOf } from './plan-file-reader.js';

export type { PlanOptions };

/** Where a config comes from: a file path, or a config object (programmatic use). */
export type ConfigInput = string | object;

export interface LoadedPlan {
  readonly plan: Plan;
  /** Present when the config came from a file. */
  readonly loaded?: LoadedConfig;
}

async function loadConfig(input: ConfigInput, options: PlanOptions): Promise<Result<LoadedConfig, ConfigIssue[]>> {
  if (typeof input === 'string') {
    return loadConfigFile(input, { env: options.env, forbiddenDirs: forbiddenDirsOf(dirname(resolve(input)), options.dataDir) });
  }
  const validated = validateConfigObject(input);
  if (!validated.ok) return validated;
  return {
    ok: true,
    value: { config: validated.value, files: [], endpointBaseDirs: [], locate: () => undefined },
  };
}

/**
 * Config in, Plan out: load and validate (file or object), then compile. Every problem from every
 * stage comes back together, located in its file where there is one. `previous`, the Plan being
 * served, lends the parts that did not change (the router).
 */
export async function loadPlan(input: ConfigInput, options: PlanOptions = {}, previous?: Plan): Promise<Result<LoadedPlan, ConfigIssue[]>> {
  const loaded = await loadConfig(input, options);
  if (!loaded.ok) return loaded;
  const baseDir = loaded.value.file ? dirname(resolve(loaded.value.file)) : process.cwd();
  const plan = await compileConfig(loaded.value.config, { baseDir, endpointBaseDirs: loaded.value.endpointBaseDirs }, options, previous);
  if (!plan.ok) return { ok: false, error: attachLocations(plan.error, loaded.value) };
  return { ok: true, value: { plan: plan.value, loaded: loaded.value } };
}

import { isDeepStrictEqual } from 'node:util';
import type { Config } from '../config/index.js';
import type { Plan } from '../plan/index.js';

/** A config with the Plan compiled from it (whose server settings include the caller's port and host overrides). */
export interface CompiledConfig {
  readonly config: Config;
  readonly plan: Plan;
}

/**
 * The settings a running Mimicus reads once, at start, each as the value that takes effect: the
 * data plane's listener, the schedule clock's start, the admin API (its listener, keys and limits),
 * the journal, metrics and CPU warnings, the tracer provider and the access log wired into the
 * engine. In order: the log lists them so.
 */
function settingsReadAtStart({ config, plan }: CompiledConfig): ReadonlyArray<readonly [string, unknown]> {
  return [
    ['server.port', plan.server.port],
    ['server.host', plan.server.host],
    ['server.clock', config.server?.clock],
    ['admin', config.admin],
    ['journal', config.journal],
    ['state.store', [config.state?.store, config.state?.url, config.state?.keyPrefix]],
    ['observability.metrics', config.observability?.metrics ?? true],
    ['observability.cpuWarnings', config.observability?.cpuWarnings],
    ['observability.tracing', config.observability?.tracing],
    ['observability.accessLog', config.observability?.accessLog ?? false],
  ];
}

/**
 * The settings read at start that a change sets to a value other than the one the server started
 * with: they apply at the next start, and every source (file, admin API, `m.reload()`) says so
 * rather than pretending the change applied. A setting changed back to its starting value, or left
 * as an earlier change set it, is not named again.
 */
export function restartOnlyChanges(started: CompiledConfig, previous: CompiledConfig, next: CompiledConfig): string[] {
  const atStart = new Map(settingsReadAtStart(started));
  const before = new Map(settingsReadAtStart(previous));
  return settingsReadAtStart(next)
    .filter(([key, value]) => !isDeepStrictEqual(before.get(key), value) && !isDeepStrictEqual(atStart.get(key), value))
    .map(([key]) => key);
}

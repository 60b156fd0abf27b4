import type { ControlPort, VersionStore } from '../control/index.js';
import type { Metrics } from '../observe/index.js';

/**
 * `mimicus_config_reloads_total{result="applied"}`: every applied change is recorded as a version
 * (API, reload, import, restore, watcher, `m.reload()`), so counting records counts them all.
 */
export function countAppliedChanges(versions: VersionStore, metrics: Metrics): VersionStore {
  return {
    ...versions,
    async record(config, change) {
      const meta = await versions.record(config, change);
      metrics.configChange('applied');
      return meta;
    },
  };
}

/** `…{result="rejected"}` for refused API applies and reloads (the file watcher counts its own). */
export function countRejectedChanges(port: ControlPort, metrics: Metrics): ControlPort {
  const counted = <T extends { ok: boolean } | undefined>(outcome: T): T => {
    if (outcome && !outcome.ok) metrics.configChange('rejected');
    return outcome;
  };
  return {
    ...port,
    apply: async (config, change) => counted(await port.apply(config, change)),
    reloadFromFile: async (change) => counted(await port.reloadFromFile(change)),
  };
}

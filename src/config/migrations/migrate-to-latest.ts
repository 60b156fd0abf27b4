import { err, ok, type ConfigIssue, type Result } from '../result.js';
import { CURRENT_CONFIG_VERSION } from '../config-version.js';
import { migrations as registry, type Migration } from './migrations.js';

/**
 * Brings a raw config (plain data, not yet validated) up to {@link CURRENT_CONFIG_VERSION} by
 * running each registered step in turn. A missing, malformed, unknown or newer `version` is an
 * issue at path `version`. Pure: the input is not modified by this function (steps return copies).
 */
export function migrateToLatest(raw: unknown, migrations: Readonly<Record<number, Migration>> = registry): Result<Record<string, unknown>, ConfigIssue[]> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return err([{ path: '', message: `a config must be a mapping of keys (version, server, endpoints, ...), not ${kindOf(raw)}` }]);
  }
  let config = raw as Record<string, unknown>;
  const version = config.version;
  if (version === undefined) {
    return err([{ path: 'version', message: `missing: add "version: ${CURRENT_CONFIG_VERSION}" at the top of the file` }]);
  }
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return err([{ path: 'version', message: `must be an integer config version (this Mimicus reads ${CURRENT_CONFIG_VERSION})` }]);
  }
  if (version > CURRENT_CONFIG_VERSION) {
    return err([{ path: 'version', message: `${version} is newer than this Mimicus reads (${CURRENT_CONFIG_VERSION})` }]);
  }
  for (let from = version; from < CURRENT_CONFIG_VERSION; from += 1) {
    const step = migrations[from];
    if (!step) {
      return err([{ path: 'version', message: `${version} is not a config version this Mimicus can read or migrate (it reads ${CURRENT_CONFIG_VERSION})` }]);
    }
    config = { ...step(config), version: from + 1 };
  }
  return ok(config);
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'an empty document';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

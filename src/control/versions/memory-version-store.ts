import type { Config } from '../../config/index.js';
import { summarizeChange } from './diff-configs.js';
import { redactSecrets } from './redact-secrets.js';
import type { Version, VersionStore, VersionStoreOptions } from './version-store.js';

const DEFAULT_LIMIT = 50;

/**
 * The version history in memory: for a Mimicus without a data directory, and for tests. It ends
 * with the process, so the startup version is always recorded. Like the SQLite store it keeps
 * every version (each a config the admin API accepted, whose size the API bounds).
 */
export function createMemoryVersionStore(options: VersionStoreOptions): VersionStore {
  const now = options.now ?? Date.now;
  // Oldest first; ids are 1, 2, 3… in order, so a version's index is its id − 1.
  const versions: Version[] = [];

  const record = (config: Config, change: { author: string; message?: string }, atMs: number): Version => {
    // A copy through JSON, as the SQLite store keeps it: later changes to `config` do not reach the history.
    const snapshot = JSON.parse(JSON.stringify(redactSecrets(config))) as Config;
    const previous = versions.at(-1)?.snapshot;
    const version: Version = {
      id: versions.length + 1,
      author: change.author,
      timestamp: new Date(atMs).toISOString(),
      ...(change.message !== undefined ? { message: change.message } : {}),
      summary: summarizeChange(previous as Record<string, unknown> | undefined, snapshot as Record<string, unknown>),
      snapshot,
    };
    versions.push(version);
    return version;
  };
  const metaOf = ({ snapshot: _snapshot, ...meta }: Version) => meta;
  // Readers get their own copy, as from the database: a caller changing it changes no history.
  const copyOf = (version: Version | undefined): Version | undefined => (version ? { ...version, snapshot: structuredClone(version.snapshot) } : undefined);

  record(options.startup.config, { author: 'startup', message: 'config served at start' }, options.startup.at.getTime());

  return {
    async record(config, change) {
      return metaOf(record(config, change, now()));
    },
    async list(listOptions = {}) {
      const limit = listOptions.limit ?? DEFAULT_LIMIT;
      const end = listOptions.before === undefined ? versions.length : Math.min(versions.length, Math.max(0, Math.ceil(listOptions.before) - 1));
      return versions
        .slice(Math.max(0, end - Math.max(0, limit)), end)
        .reverse()
        .map(metaOf);
    },
    async get(id) {
      return copyOf(Number.isInteger(id) && id >= 1 ? versions[id - 1] : undefined);
    },
    async previous(id) {
      const before = Math.min(versions.length, Math.ceil(id) - 1);
      return copyOf(before >= 1 ? versions[before - 1] : undefined);
    },
    async latest() {
      const last = versions.at(-1);
      return last ? metaOf(last) : undefined;
    },
    async close() {},
  };
}

import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../errors/index.js';
import { createMemoryStateStore, openSqliteStateStore, type StateStore } from '../state/index.js';
import { createStateAdmin, type StateAdmin } from './state-admin.js';

/** Where the state of a (possibly running) Mimicus lives, named as `mimicus serve` names it. */
export interface StateLocation {
  /** The data directory, as given to `serve --data-dir`. */
  readonly dataDir?: string;
  /** Otherwise `.mimicus/` next to this config file (default `mimicus.yaml` in the working directory). */
  readonly configFile?: string;
}

export interface OpenedStateAdmin extends StateAdmin {
  /** The SQLite file. */
  readonly file: string;
  close(): Promise<void>;
}

/** The data directory `serve` uses for this location: `--data-dir`, else `.mimicus/` beside the config. */
export function resolveDataDir(location: StateLocation): string {
  return resolve(location.dataDir ?? join(dirname(resolve(location.configFile ?? 'mimicus.yaml')), '.mimicus'));
}

/**
 * Opens the state of a data directory from outside the server (the `mimicus state` command). The
 * directory must exist (else `STATE_DATA_DIR_NOT_FOUND`): a mistyped path is reported, not created.
 * While a server runs on the same directory both share the SQLite file (WAL, busy timeout), so the
 * server sees changes at once. Without a database file yet, nothing is created unless `forWrite`:
 * reads find nothing and removals remove nothing.
 */
export async function openStateAdmin(location: StateLocation, options: { forWrite: boolean }): Promise<OpenedStateAdmin> {
  const dataDir = resolveDataDir(location);
  if (!isDirectory(dataDir)) {
    const source = location.dataDir !== undefined ? '--data-dir' : `the config ${resolve(location.configFile ?? 'mimicus.yaml')}`;
    throw new AppError('STATE_DATA_DIR_NOT_FOUND', `no data directory ${dataDir} (from ${source}); check the path, or start mimicus serve first`);
  }
  const file = join(dataDir, 'state.sqlite');
  // Opened on first use, after the admin has checked its arguments: a refused call creates no file.
  let opening: Promise<StateStore> | undefined;
  const store = () => (opening ??= options.forWrite || existsSync(file) ? openSqliteStateStore({ file }) : Promise.resolve(createMemoryStateStore()));
  return {
    ...createStateAdmin(store),
    file,
    async close() {
      if (opening) await (await opening).close();
    },
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

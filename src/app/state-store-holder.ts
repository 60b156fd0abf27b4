import { join } from 'node:path';
import { createMemoryStateStore, openSqliteStateStore, type StateStore } from '../state/index.js';

/** Opens the state store on first use and closes it once: configs without state never create a file. */
export interface StateStoreHolder {
  get(): Promise<StateStore>;
  close(): Promise<void>;
}

/**
 * `dataDir` false keeps state in memory (tests, throwaway runs); otherwise SQLite in
 * `<dataDir>/state.sqlite`, the default data dir being `.mimicus/` next to the config file.
 */
export function createStateStoreHolder(dataDir: string | false): StateStoreHolder {
  let opening: Promise<StateStore> | undefined;
  return {
    get() {
      opening ??= dataDir === false ? Promise.resolve(createMemoryStateStore()) : openSqliteStateStore({ file: join(dataDir, 'state.sqlite') });
      return opening;
    },
    async close() {
      if (opening) await (await opening).close();
    },
  };
}

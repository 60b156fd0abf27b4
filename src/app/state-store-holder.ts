import { join } from 'node:path';
import type { Clock } from '../clock/index.js';
import { createMemoryStateStore, openRedisStateStore, openSqliteStateStore, type StateStore } from '../state/index.js';

/** Opens the state store on first use and closes it once: configs without state never create a file. */
export interface StateStoreHolder {
  /** The open store; a failed open rejects this call and is tried again by the next one. */
  get(): Promise<StateStore>;
  /** Closes the store if it was opened (a failed open leaves nothing to close). */
  close(): Promise<void>;
}

/**
 * `redis` (`state.store: redis`) shares state between instances; else `dataDir` false keeps state
 * in memory (tests, throwaway runs), otherwise SQLite in `<dataDir>/state.sqlite`, the default data
 * dir being `.mimicus/` next to the config file. TTLs expire by `clock`'s epoch time.
 */
export function createStateStoreHolder(dataDir: string | false, clock: Clock, redis?: { url: string; keyPrefix: string }): StateStoreHolder {
  const now = () => clock.epochMs();
  let opening: Promise<StateStore> | undefined;
  return {
    get() {
      if (opening === undefined) {
        const attempt = redis
          ? openRedisStateStore({ ...redis, now, clock })
          : dataDir === false
            ? Promise.resolve(createMemoryStateStore({ now, clock }))
            : openSqliteStateStore({ file: join(dataDir, 'state.sqlite'), now, clock });
        opening = attempt;
        // A file that could not be opened (permissions, not a database) may be fixed while the server
        // runs: forget the failure, so the next request tries again instead of failing until a restart.
        attempt.catch(() => {
          if (opening === attempt) opening = undefined;
        });
      }
      return opening;
    },
    async close() {
      const store = await opening?.catch(() => undefined);
      await store?.close();
    },
  };
}

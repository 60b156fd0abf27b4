import { afterEach } from 'vitest';
import type { StateStore, StateStoreOptions } from './state-store.js';

/** A clock the test moves by hand, so TTL tests never sleep. */
export function manualClock(start = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let at = start;
  return { now: () => at, advance: (ms) => void (at += ms) };
}

/**
 * For the contract suites: opens fresh stores (background purge off, so tests decide when expired
 * keys go) and closes every one opened after each test. Call inside a describe block.
 */
export function freshStores(open: (options: StateStoreOptions) => Promise<StateStore>): (options?: StateStoreOptions) => Promise<StateStore> {
  const opened: StateStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  return async (options = {}) => {
    const store = await open({ purgeIntervalMs: 0, ...options });
    opened.push(store);
    return store;
  };
}

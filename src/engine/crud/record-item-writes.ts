import type { StateStore, StateWrite } from '../../state/index.js';

/**
 * The store as one CRUD request sees it, noting the item writes that took effect (created,
 * replaced, patched, deleted: keys under `keyPrefix`) so the journal can list them with the
 * request's other state changes. The collection's bookkeeping (its id counter) sits outside the
 * prefix and is not an item change.
 */
export function recordItemWrites(store: StateStore, keyPrefix: string): { store: StateStore; written: StateWrite[] } {
  const written: StateWrite[] = [];
  const isItem = (key: string) => key.startsWith(keyPrefix);
  const recording: StateStore = {
    get: (key) => store.get(key),
    getMany: (keys) => store.getMany(keys),
    increment: (key, by, options) => store.increment(key, by, options),
    list: (prefix, options) => store.list(prefix, options),
    deletePrefix: (prefix) => store.deletePrefix(prefix),
    apply: (writes) => store.apply(writes),
    purgeExpired: () => store.purgeExpired(),
    close: () => store.close(),
    async set(key, value, options) {
      await store.set(key, value, options);
      if (isItem(key)) written.push({ kind: 'set', key, value });
    },
    async compareAndSet(key, expected, next, options) {
      const done = await store.compareAndSet(key, expected, next, options);
      if (done && isItem(key)) written.push({ kind: 'set', key, value: next });
      return done;
    },
    async delete(key) {
      const deleted = await store.delete(key);
      if (deleted && isItem(key)) written.push({ kind: 'delete', key });
      return deleted;
    },
  };
  return { store: recording, written };
}

import type { StateStore } from '../../state/index.js';
import { compareIds, isNumericId, sequenceKey } from './item-id.js';
import { isJsonObject } from './merge-patch.js';

export interface StoredItem {
  /** The id as it appears in the key. */
  readonly id: string;
  readonly item: Record<string, unknown>;
}

/** Every item of the collection, ordered by id (numeric ids numerically). */
export async function readItems(store: StateStore, keyPrefix: string): Promise<StoredItem[]> {
  const seqKey = sequenceKey(keyPrefix);
  const items: StoredItem[] = [];
  for (const { key, value } of await store.list(keyPrefix)) {
    if (key === seqKey || !isJsonObject(value)) continue;
    items.push({ id: key.slice(keyPrefix.length), item: value });
  }
  return items.sort((a, b) => compareIds(a.id, b.id));
}

/**
 * The next generated numeric id, unique even under concurrent POSTs: every id handed out is a
 * distinct result of one atomic `increment` on the sequence key. When items with larger ids exist
 * (seeded, or POSTed with an explicit id), the counter first jumps past the largest of them.
 */
export async function nextNumericId(store: StateStore, keyPrefix: string, items: readonly StoredItem[]): Promise<number> {
  const largest = items.reduce((max, { id }) => (isNumericId(id) ? Math.max(max, Number(id)) : max), 0);
  const key = sequenceKey(keyPrefix);
  const next = await store.increment(key);
  return next > largest ? next : store.increment(key, largest - next + 1);
}

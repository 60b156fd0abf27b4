import type { StateStore } from '../../state/index.js';
import { randomUUID } from 'node:crypto';
import { compareIds, sequenceKey, uuidMarkerKey } from './item-id.js';
import { isJsonObject } from '../../config/index.js';

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
    if (key === seqKey || key === uuidMarkerKey(keyPrefix) || !isJsonObject(value)) continue;
    items.push({ id: key.slice(keyPrefix.length), item: value });
  }
  return items.sort((a, b) => compareIds(a.id, b.id));
}

/**
 * Keeps the sequence key at or above every numeric id in the collection, so a generated id never
 * needs a scan of the items. Racy by itself (read, then increment); the compareAndSet that stores
 * an item, retried with the next number, is what guarantees uniqueness.
 */
export async function raiseSequenceTo(store: StateStore, keyPrefix: string, id: number): Promise<void> {
  const key = sequenceKey(keyPrefix);
  const current = await store.get(key);
  const at = typeof current === 'number' ? current : 0;
  if (id > at) await store.increment(key, id - at);
}

/**
 * The next generated id: a UUID once the collection holds a non-numeric id, else the next value of
 * the sequence key (one atomic increment; distinct under concurrent POSTs).
 */
export async function nextGeneratedId(store: StateStore, keyPrefix: string): Promise<number | string> {
  // Both in one commit group (one event-loop turn) rather than one after the other: a create costs
  // one store round trip less. A UUID collection's counter then moves too, which nothing reads.
  const [marker, next] = await Promise.all([store.get(uuidMarkerKey(keyPrefix)), store.increment(sequenceKey(keyPrefix))]);
  return marker === true ? randomUUID() : next;
}

import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors/index.js';
import type { CrudSpec } from '../../plan/index.js';
import type { StateStore, StateWrite } from '../../state/index.js';
import { readItems } from './collection-items.js';
import { idOf, isNumericId, sequenceKey, uuidMarkerKey } from './item-id.js';

/**
 * Loads `spec.seed` into an empty collection in one atomic batch and returns how many items it
 * wrote; a collection that already has items (from an earlier run) is left alone, so this is safe
 * on every start-up. Seed items without an id get one: the next number when every seeded id is
 * numeric, a uuid otherwise. Ids, duplicates and the schema were checked at compile
 * (plan/crud/check-seed.ts); the id check here guards specs built by hand.
 */
export async function seedCollection(spec: CrudSpec, store: StateStore, keyPrefix: string): Promise<number> {
  if (spec.seed.length === 0 || (await readItems(store, keyPrefix)).length > 0) return 0;

  const givenIds = spec.seed.map((item, index) => {
    if (!Object.hasOwn(item, spec.keyField)) return undefined;
    const id = idOf(item, spec.keyField);
    if (id === undefined || id.includes('/')) {
      throw new AppError('CONFIG_INVALID', `crud ${spec.collection}: seed[${index}].${spec.keyField} must be a non-empty string (without /) or a number`);
    }
    return id;
  });
  const numeric = givenIds.every((id) => id === undefined || isNumericId(id));
  let lastNumber = givenIds.reduce((max, id) => (id !== undefined && isNumericId(id) ? Math.max(max, Number(id)) : max), 0);

  const writes = new Map<string, StateWrite>();
  spec.seed.forEach((item, index) => {
    let id = givenIds[index];
    let stored: Record<string, unknown> = item;
    if (id === undefined) {
      const generated = numeric ? ++lastNumber : randomUUID();
      id = String(generated);
      stored = { [spec.keyField]: generated, ...item };
    }
    const key = `${keyPrefix}${id}`;
    writes.set(key, { kind: 'set', key, value: stored });
  });
  // The id bookkeeping goes in the same batch, so creates after a seed never scan the items.
  const bookkeeping: StateWrite[] = numeric
    ? [{ kind: 'set', key: sequenceKey(keyPrefix), value: lastNumber }]
    : [{ kind: 'set', key: uuidMarkerKey(keyPrefix), value: true }];
  await store.apply([...writes.values(), ...bookkeeping]);
  return writes.size;
}

/**
 * Seeds a collection that is created per session, client or endpoint the first time it is used.
 * A marker beside the items (`…users#seeded`, outside the item prefix) claims the seeding with a
 * compare-and-set, so concurrent first requests seed it once, and a collection its user emptied
 * stays empty.
 */
export async function seedCollectionOnce(spec: CrudSpec, store: StateStore, keyPrefix: string): Promise<void> {
  if (spec.seed.length === 0) return;
  if (await store.compareAndSet(`${keyPrefix.replace(/:$/, '')}#seeded`, undefined, true)) await seedCollection(spec, store, keyPrefix);
}

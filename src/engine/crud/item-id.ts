export { idOf } from '../../plan/index.js';

/** Ids that count as numeric for ordering and id generation: canonical non-negative safe integers. */
export function isNumericId(id: string): boolean {
  return /^(0|[1-9]\d*)$/.test(id) && Number.isSafeInteger(Number(id));
}

/** Numeric ids first, in numeric order, then the others by localeCompare. */
export function compareIds(a: string, b: string): number {
  const aNumeric = isNumericId(a);
  const bNumeric = isNumericId(b);
  if (aNumeric && bNumeric) return Number(a) - Number(b);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a.localeCompare(b);
}

/**
 * The counter behind generated numeric ids: the item prefix without its trailing `:` plus `#seq`
 * (`global:crud:users:` → `global:crud:users#seq`), so it is not listed with the items. For a
 * prefix that does not end in `:` it would fall inside the keyspace; item listing skips it then.
 */
export function sequenceKey(keyPrefix: string): string {
  return `${keyPrefix.replace(/:$/, '')}#seq`;
}

/**
 * Set once the collection holds an id that is not a number: from then on generated ids are UUIDs.
 * Kept beside the sequence key, outside the items' keyspace, so creating an item needs no scan.
 */
export function uuidMarkerKey(keyPrefix: string): string {
  return `${keyPrefix.replace(/:$/, '')}#uuid`;
}

/**
 * The key-form (string) of an item's id, or undefined when the item has none that can be a key:
 * a non-empty string or a finite number. Shared by the seed check at compile time and the CRUD
 * handler at run time, so both accept the same ids.
 */
export function idOf(item: Record<string, unknown>, keyField: string): string | undefined {
  const id = item[keyField];
  if (typeof id === 'string' && id !== '') return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return undefined;
}

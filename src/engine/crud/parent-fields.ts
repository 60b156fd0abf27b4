/**
 * A nested collection's parent, from the named path parameters of its base path: at
 * `/api/users/{userId}/orders`, a request to `/api/users/7/orders` works on the orders whose
 * `userId` is 7, as json-server's nested routes do. Each parameter is one field.
 */
export interface ParentField {
  readonly field: string;
  /** As it appeared in the path (filters compare text, like query filters). */
  readonly text: string;
  /** As stored on items created below it: a number for canonical integer text, else the text. */
  readonly value: string | number;
}

/** The parent fields of a request; `*` (the rest of the path: the item id) is not one. */
export function parentFieldsOf(params: Readonly<Record<string, string>>): readonly ParentField[] {
  const fields: ParentField[] = [];
  for (const [field, text] of Object.entries(params)) {
    if (field === '*') continue;
    fields.push({ field, text, value: /^(0|[1-9]\d{0,15})$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text });
  }
  return fields;
}

/** Whether an item belongs to the parent: each field, read as text, is the path's. */
export function belongsToParent(item: Record<string, unknown>, parent: readonly ParentField[]): boolean {
  for (const { field, text } of parent) {
    const value = item[field];
    if ((typeof value === 'string' || typeof value === 'number') && String(value) === text) continue;
    return false;
  }
  return true;
}

/** The item with the parent's fields set (the path wins over the body, as the id does). */
export function withParentFields(item: Record<string, unknown>, parent: readonly ParentField[]): Record<string, unknown> {
  if (parent.length === 0) return item;
  const placed = { ...item };
  for (const { field, value } of parent) placed[field] = value;
  return placed;
}

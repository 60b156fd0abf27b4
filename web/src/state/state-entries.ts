import type { StateEntry } from '../../../src/contract/index.ts';

/** `GET /api/state` items. */
export type { StateEntry };

export interface ScopeGroup {
  readonly scope: string;
  readonly others: readonly StateEntry[];
  /** CRUD items by collection: entries named `<collection>:<id>`. */
  readonly collections: ReadonlyMap<string, readonly { readonly id: string; readonly value: unknown }[]>;
}

/** Groups entries by scope (global first), splitting CRUD items into their collections. */
export function groupByScope(entries: readonly StateEntry[]): ScopeGroup[] {
  const groups = new Map<string, { others: StateEntry[]; collections: Map<string, { id: string; value: unknown }[]> }>();
  for (const entry of entries) {
    let group = groups.get(entry.scope);
    if (!group) groups.set(entry.scope, (group = { others: [], collections: new Map() }));
    const cut = entry.name.indexOf(':');
    // A collection's bookkeeping (its id counter, `products#seq`) has no item id: listed with the rest.
    if (entry.kind !== 'crud' || cut < 0) {
      group.others.push(entry);
      continue;
    }
    const collection = entry.name.slice(0, cut);
    const id = entry.name.slice(cut + 1);
    const items = group.collections.get(collection) ?? [];
    items.push({ id, value: entry.value });
    group.collections.set(collection, items);
  }
  return [...groups]
    .map(([scope, group]) => ({ scope, ...group }))
    .sort((a, b) => (a.scope === 'global' ? -1 : b.scope === 'global' ? 1 : a.scope.localeCompare(b.scope)));
}

/** The columns of a collection's table: every field its items have, `id` first. */
export function columnsOf(items: readonly { readonly value: unknown }[]): string[] {
  const fields = new Set<string>();
  for (const { value } of items) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) for (const field of Object.keys(value)) fields.add(field);
  }
  fields.delete('id');
  return ['id', ...fields];
}

/** JSON text → the value, or why it is not JSON. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : 'not JSON' };
  }
}

export const showValue = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? ''));

/** A TTL as people read it: "in 42 min", "in 3 h"; "never" for a key kept until deleted. */
export function expiresIn(expiresAt: string | undefined, now: number): string {
  if (expiresAt === undefined) return 'never';
  const seconds = Math.max(0, Math.round((Date.parse(expiresAt) - now) / 1000));
  if (seconds < 90) return `in ${seconds} s`;
  if (seconds < 90 * 60) return `in ${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `in ${Math.round(seconds / 3600)} h`;
  return `in ${Math.round(seconds / 86_400)} days`;
}

/** The endpoint being edited: the config's own shape as plain JSON, changed one path at a time. */
export type Draft = Record<string, unknown>;

/** A JSON object (not null, not a list): what a nested draft block is. */
export const isObject = (value: unknown): value is Draft => value !== null && typeof value === 'object' && !Array.isArray(value);

type Key = string | number;

/** A copy of `draft` with `value` at `path`; `undefined` removes the key (and objects left empty by it). */
export function setAt(draft: Draft, path: readonly Key[], value: unknown): Draft {
  return setIn(draft, path, value) as Draft;
}

function setIn(target: unknown, path: readonly Key[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (typeof head === 'number') {
    const list = Array.isArray(target) ? [...(target as unknown[])] : [];
    list[head] = setIn(list[head], rest, value);
    return list;
  }
  const object: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  const next = setIn(object[head], rest, value);
  if (next === undefined || (isEmptyObject(next) && rest.length > 0)) delete object[head];
  else object[head] = next;
  return object;
}

/** The value at `path` in `draft` (undefined when a step is missing). */
export function getAt(draft: Draft, path: readonly Key[]): unknown {
  let value: unknown = draft;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<Key, unknown>)[key] : undefined;
  return value;
}

const isEmptyObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;

/**
 * What an input's text means in the config: digits become a number (a status, a weight, a duration
 * in ms, a sigma), anything else stays text so the server's issue names it instead of the form guessing.
 */
export function fromInput(text: string): string | number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : text;
}

export const toInput = (value: unknown): string => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));

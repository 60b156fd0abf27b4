/**
 * How a compiled predicate reads the value it tests from a subject (a request, or a value a
 * JSONPath selected). Accessors are built once per predicate site at plan build, so a test
 * allocates nothing to find its value.
 */
export interface ValueAccess<S> {
  /** The value as text; a list when the part repeats (query, headers); undefined when absent. */
  text(subject: S): string | readonly string[] | undefined;
  /** The value as JSON; undefined when absent or not JSON. */
  json(subject: S): unknown;
}

/** True when `test` holds for the text, or for any element of a list (`?tag=a&tag=b`). */
export function someText(value: string | readonly string[] | undefined, test: (text: string) => boolean): boolean {
  if (value === undefined) return false;
  if (typeof value === 'string') return test(value);
  for (const item of value) if (test(item)) return true;
  return false;
}

/**
 * A query, header or cookie value read as JSON, for `json`/`jsonPath`/`jsonSchema` predicates on
 * them (`?filter={"a":1}`, `?n=5`). Parsed per test: rare, and these values are short. A list
 * (repeated parameter) is not JSON.
 */
export function parseJsonText(value: string | readonly string[] | undefined): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** Access to a value selected by a JSONPath, for the `value` predicate of `jsonPath`. */
export const selectedValueAccess: ValueAccess<unknown> = {
  text(value) {
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return JSON.stringify(value);
  },
  json: (value) => value,
};

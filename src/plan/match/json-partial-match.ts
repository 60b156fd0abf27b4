/**
 * Partial JSON equality, the semantics of the `json` predicate:
 * - an object in the expected value matches an object that has every given field, each matching
 *   (extra fields in the actual object are ignored, at every depth);
 * - an array matches an array of the same length whose elements match in order (elements that
 *   are objects are matched partially). We chose order and length over WireMock's
 *   ignoreArrayOrder "contains" semantics: it is predictable, `[]` means "empty", and "contains an
 *   element like …" is what `jsonPath` filters (`$.items[?(@.sku == 'A')]`) already express;
 * - anything else is strict equality (no type coercion: 1 does not match "1").
 */
export function isPartialJsonMatch(expected: unknown, actual: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return expected === actual;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    return expected.every((item, index) => isPartialJsonMatch(item, actual[index]));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const actualObject = actual as Record<string, unknown>;
  for (const [key, item] of Object.entries(expected)) {
    if (!Object.hasOwn(actualObject, key) || !isPartialJsonMatch(item, actualObject[key])) return false;
  }
  return true;
}

/** Exact JSON equality (same keys, same array order), for `equals` with an object or array. */
export function isJsonEqual(expected: unknown, actual: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return expected === actual;
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => isJsonEqual(item, actual[i]));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const keys = Object.keys(expected);
  if (keys.length !== Object.keys(actual).length) return false;
  return keys.every((key) => Object.hasOwn(actual, key) && isJsonEqual((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key]));
}

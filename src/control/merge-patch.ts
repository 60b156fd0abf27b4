const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** JSON Merge Patch (RFC 7396): objects merge, `null` removes a member, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  // Spread copies own members as data properties, a "__proto__" member included.
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
      continue;
    }
    // Only own members merge (an inherited `constructor` is not the target's), and defineProperty
    // makes "__proto__" a member: assignment would call the setter and change the prototype.
    const current = Object.hasOwn(result, key) ? result[key] : undefined;
    Object.defineProperty(result, key, { value: mergePatch(current, value), writable: true, enumerable: true, configurable: true });
  }
  return result;
}

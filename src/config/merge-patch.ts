/** A plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON Merge Patch (RFC 7396): `null` removes a member, objects merge recursively, anything else
 * (arrays included) replaces. Returns a new value; neither argument is changed.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return patch;
  // Spread copies own members as data properties, a "__proto__" member included.
  const result: Record<string, unknown> = isJsonObject(target) ? { ...target } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[name];
      continue;
    }
    // Only own members merge (an inherited `constructor` is not the item's), and defineProperty
    // makes "__proto__" a member: assignment would call the setter and change the prototype.
    const current = Object.hasOwn(result, name) ? result[name] : undefined;
    Object.defineProperty(result, name, { value: applyMergePatch(current, value), writable: true, enumerable: true, configurable: true });
  }
  return result;
}

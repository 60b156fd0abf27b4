/**
 * Endpoint ids made from foreign names ("GET /users/:id" → "get-users-id"), unique within one
 * import: a repeated base gets "-2", "-3"… in order of arrival, so the same input gives the same ids.
 */
export function createIdAllocator(): (name: string) => string {
  const used = new Set<string>();
  return (name) => {
    const base = slugOf(name);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
}

/** Letters, digits, "." "_" "-" only, starting with a letter or digit, at most 80 characters. */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[-.]+$/, '')
    .slice(0, 80)
    .replace(/[-.]+$/, '')
    .toLowerCase();
  return slug === '' ? 'endpoint' : slug;
}

/** One changed place between two configs; `before` is absent for an addition, `after` for a removal. */
export type ConfigChange =
  | { readonly op: 'added'; readonly path: string; readonly after: unknown }
  | { readonly op: 'removed'; readonly path: string; readonly before: unknown }
  | { readonly op: 'changed'; readonly path: string; readonly before: unknown; readonly after: unknown };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

const keyPath = (base: string, key: string): string => (IDENTIFIER.test(key) ? (base === '' ? key : `${base}.${key}`) : `${base}[${JSON.stringify(key)}]`);

/** Lists of items that all carry a string id (endpoints, workflows, variants…) are compared by id, not position. */
function idsOf(list: readonly unknown[]): string[] | undefined {
  const ids = list.map((item) => (isObject(item) && typeof item.id === 'string' ? item.id : undefined));
  return ids.every((id): id is string => id !== undefined) && new Set(ids).size === ids.length ? ids : undefined;
}

function walk(before: unknown, after: unknown, path: string, out: ConfigChange[]): void {
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(before)) {
      if (after[key] === undefined && before[key] !== undefined) out.push({ op: 'removed', path: keyPath(path, key), before: before[key] });
      else walk(before[key], after[key], keyPath(path, key), out);
    }
    for (const key of Object.keys(after)) {
      if (before[key] === undefined && after[key] !== undefined) out.push({ op: 'added', path: keyPath(path, key), after: after[key] });
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const beforeIds = idsOf(before);
    const afterIds = idsOf(after);
    if (beforeIds && afterIds) {
      const afterById = new Map(afterIds.map((id, index) => [id, after[index]]));
      const beforeById = new Map(beforeIds.map((id, index) => [id, before[index]]));
      for (const [id, item] of beforeById) {
        const itemPath = `${path}[id=${id}]`;
        if (!afterById.has(id)) out.push({ op: 'removed', path: itemPath, before: item });
        else walk(item, afterById.get(id), itemPath, out);
      }
      for (const [id, item] of afterById) if (!beforeById.has(id)) out.push({ op: 'added', path: `${path}[id=${id}]`, after: item });
      return;
    }
    const length = Math.max(before.length, after.length);
    for (let index = 0; index < length; index++) {
      const itemPath = `${path}[${index}]`;
      if (index >= after.length) out.push({ op: 'removed', path: itemPath, before: before[index] });
      else if (index >= before.length) out.push({ op: 'added', path: itemPath, after: after[index] });
      else walk(before[index], after[index], itemPath, out);
    }
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ op: 'changed', path, before, after });
}

/**
 * The places where `after` differs from `before`, as paths like `endpoints[id=users-get].response.status`
 * (items with ids are matched by id, so reordering is no change).
 */
export function diffConfigs(before: unknown, after: unknown): ConfigChange[] {
  const out: ConfigChange[] = [];
  walk(before, after, '', out);
  return out;
}

// Lists whose items have ids: the summary names each item added (+), changed (~) or removed (-).
const COLLECTIONS = ['endpoints', 'workflows', 'upstreams'] as const;

function summarizeCollection(name: string, before: unknown, after: unknown): string | undefined {
  const itemsOf = (value: unknown) => new Map((Array.isArray(value) ? value : []).filter(isObject).map((item) => [String(item.id), item]));
  const old = itemsOf(before);
  const next = itemsOf(after);
  const marks: string[] = [];
  for (const [id, item] of next) {
    if (!old.has(id)) marks.push(`+${id}`);
    else if (diffConfigs(old.get(id), item).length > 0) marks.push(`~${id}`);
  }
  for (const id of old.keys()) if (!next.has(id)) marks.push(`-${id}`);
  if (marks.length === 0 && diffConfigs(before ?? [], after ?? []).length > 0) marks.push('reordered');
  return marks.length > 0 ? `${name}: ${marks.join(', ')}` : undefined;
}

/**
 * One line naming what changed: `endpoints: +orders-create, ~users-get, -legacy; workflows: ~checkout; upstreams: +orders; server changed`.
 * Without a previous config it counts what the first one holds.
 */
export function summarizeChange(before: Json | undefined, after: Json): string {
  if (before === undefined) {
    const count = (name: string) => (Array.isArray(after[name]) ? (after[name] as unknown[]).length : 0);
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    return `initial: ${plural(count('endpoints'), 'endpoint')}, ${plural(count('workflows'), 'workflow')}`;
  }
  const parts = COLLECTIONS.map((name) => summarizeCollection(name, before[name], after[name])).filter((part) => part !== undefined);
  const others = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => !(COLLECTIONS as readonly string[]).includes(key) && diffConfigs(before[key] ?? null, after[key] ?? null).length > 0,
  );
  parts.push(...others.map((key) => `${key} changed`));
  return parts.length > 0 ? parts.join('; ') : 'no changes';
}

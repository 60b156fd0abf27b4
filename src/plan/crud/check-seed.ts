import { isNode, isSeq, LineCounter, parseDocument } from 'yaml';
import { findJsonSyntaxError, type ConfigIssue } from '../../config/index.js';
import type { CrudSpec } from './crud-spec.js';
import { idOf } from './item-key.js';

/** Item problems listed one by one before the rest are counted: a broken export can hold thousands. */
const MAX_ITEM_ISSUES = 10;

export interface SeedCheck {
  /** The seed as named in the config (`./fixtures/users.json`), used in messages. */
  readonly name: string;
  /** The config path of the `seed` field (`endpoints[2].crud.seed`). */
  readonly at: string;
  readonly keyField: string;
  readonly validate: CrudSpec['validate'];
}

type SeedItems = Record<string, unknown>[];

const isItem = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `name:line:column` of `offset` in `text`. */
function placeOf(name: string, text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${name}:${line}:${offset - before.lastIndexOf('\n')}`;
}

/**
 * The line of each top-level array element, read again with a positioned parser (JSON is YAML)
 * only when an item has a problem to point at.
 */
function itemPlaces(name: string, text: string): (index: number) => string {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const items = isSeq(doc.contents) ? doc.contents.items : [];
  return (index) => {
    const node = items[index];
    const offset = isNode(node) ? node.range?.[0] : undefined;
    if (offset === undefined) return `${name} item ${index}`;
    const { line, col } = lines.linePos(offset);
    return `${name}:${line}:${col}`;
  };
}

/**
 * Reads a CRUD seed file as the collection will hold it, so that a bad seed fails `validate` and
 * start-up instead of the first request (or, worse, answering items a POST would refuse):
 * strict JSON (with the file's line and column), an array of objects, ids usable as keys and
 * unique, and every item valid against the collection's schema, as a created item must be.
 */
export function checkSeed(text: string, check: SeedCheck): { items: SeedItems } | { issues: ConfigIssue[] } {
  const { name, at, keyField, validate } = check;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // The scanner says where, which JSON.parse only sometimes does; it runs on failure only, as
    // a seed can be large.
    const syntax = findJsonSyntaxError(text);
    const why = syntax ? `${syntax.message} (${placeOf(name, text, syntax.offset)})` : (error as Error).message;
    return { issues: [{ path: at, message: `"${name}" is not JSON: ${why}` }] };
  }
  if (!Array.isArray(parsed))
    return { issues: [{ path: at, message: `"${name}" must hold a JSON array of objects, not ${parsed === null ? 'null' : typeof parsed}` }] };

  const problems: { index: number; message: string }[] = [];
  const firstWithId = new Map<string, number>();
  parsed.forEach((item: unknown, index) => {
    if (!isItem(item)) {
      problems.push({ index, message: `is not an object` });
      return;
    }
    if (Object.hasOwn(item, keyField)) {
      const id = idOf(item, keyField);
      if (id === undefined || id.includes('/')) problems.push({ index, message: `${keyField} must be a non-empty string (without /) or a number` });
      else if (firstWithId.has(id)) problems.push({ index, message: `${keyField} ${JSON.stringify(item[keyField])} is taken by item ${firstWithId.get(id)}` });
      else firstWithId.set(id, index);
    }
    const verdict = validate?.(item);
    if (verdict && !verdict.ok) {
      for (const error of verdict.errors)
        problems.push({ index, message: `${error.path === '/' ? '' : `${error.path}: `}${error.message} (the collection's schema)` });
    }
  });
  if (problems.length === 0) return { items: parsed as SeedItems };

  const place = itemPlaces(name, text);
  const issues: ConfigIssue[] = problems.slice(0, MAX_ITEM_ISSUES).map(({ index, message }) => ({
    path: at,
    message: `item ${index} of "${name}": ${message} (${place(index)})`,
  }));
  if (problems.length > MAX_ITEM_ISSUES) issues.push({ path: at, message: `"${name}": ${problems.length - MAX_ITEM_ISSUES} more item problems` });
  return { issues };
}

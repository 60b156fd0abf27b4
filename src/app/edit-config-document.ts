import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import { escapeEnvReferences } from '../config/index.js';

type Item = { readonly id?: unknown };

/**
 * Edits a parsed config document from `previous` to `next` (both as served), touching only what
 * differs: maps are edited key by key, lists of items with ids (`endpoints`, `workflows`) item by
 * item, so comments, key order and `${ENV}` references of every unchanged value survive, however
 * deep. A value that is written is escaped (`${` → `$${`), so it reads back as it was served
 * instead of being taken for a variable reference.
 */
export function editConfigDocument(doc: Document, previous: Record<string, unknown>, next: Record<string, unknown>): void {
  if (isMap(doc.contents)) editMap(doc, doc.contents, previous, next);
}

/** Edits `node` in place where it can; otherwise returns the node to put in its place. */
function editValue(doc: Document, node: unknown, before: unknown, after: unknown): Node | undefined {
  if (isDeepStrictEqual(before, after)) return undefined;
  if (isRecord(before) && isRecord(after) && isMap(node) && !hasMergeKey(node)) {
    editMap(doc, node, before, after);
    return undefined;
  }
  if (isItemList(before) && isItemList(after) && isSeq(node)) {
    editItems(doc, node.items as Node[], before, after);
    return undefined;
  }
  return createNode(doc, after);
}

function editMap(doc: Document, node: YAMLMap, before: Record<string, unknown>, after: Record<string, unknown>): void {
  // Keys are found by their text: `200:` is a number key in YAML and the string "200" in the config.
  const pairs = new Map(node.items.map((pair) => [isScalar(pair.key) ? String(pair.key.value) : String(pair.key), pair]));
  for (const key of Object.keys(before)) {
    const pair = pairs.get(key);
    if (!(key in after) && pair) node.items.splice(node.items.indexOf(pair), 1);
  }
  for (const [key, value] of Object.entries(after)) {
    const pair = pairs.get(key);
    if (!pair) {
      if (!isDeepStrictEqual(before[key], value)) node.items.push(doc.createPair(key, escapeStrings(value)));
      continue;
    }
    const replacement = editValue(doc, pair.value, before[key], value);
    if (replacement) pair.value = replacement;
  }
}

/** Replaces, removes and appends items by id; a changed item is edited in place, keeping its comments. */
function editItems(doc: Document, nodes: Node[], before: readonly Item[], after: readonly Item[]): void {
  const idOf = (node: Node) => (isMap(node) ? node.get('id') : undefined);
  const wanted = new Map(after.map((item) => [item.id, item]));
  const old = new Map(before.map((item) => [item.id, item]));
  for (let i = nodes.length - 1; i >= 0; i--) {
    if (!wanted.has(idOf(nodes[i]!))) nodes.splice(i, 1);
  }
  for (const [i, node] of nodes.entries()) {
    const id = idOf(node);
    const replacement = editValue(doc, node, old.get(id), wanted.get(id));
    if (!replacement) continue;
    replacement.commentBefore = node.commentBefore;
    replacement.comment = node.comment;
    nodes[i] = replacement;
  }
  const present = new Set(nodes.map(idOf));
  for (const item of after) if (!present.has(item.id)) nodes.push(createNode(doc, item));
}

function createNode(doc: Document, value: unknown): Node {
  return doc.createNode(escapeStrings(value)) as Node;
}

/** Every string value escaped for interpolation; keys are not interpolated, so they stay. */
function escapeStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('${') ? escapeEnvReferences(value) : value;
  if (Array.isArray(value)) return value.map(escapeStrings);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapeStrings(item)]));
  return value;
}

/** A `<<: *defaults` merge: deleting a key here would not remove the merged one, so such a map is replaced whole. */
const hasMergeKey = (node: YAMLMap): boolean => node.items.some((pair) => isScalar(pair.key) && pair.key.value === '<<');

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const isItemList = (value: unknown): value is Item[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null && typeof (item as Item).id === 'string');

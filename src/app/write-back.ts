import { createHash, randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isMap, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { Config } from '../config/index.js';

/** The hash of a file's content as Mimicus last read or wrote it: the watcher skips what it already knows. */
export type KnownHashes = Map<string, string>;

export const hashText = (text: string): string => createHash('sha256').update(text).digest('hex');

export type WriteBackOutcome =
  | { readonly kind: 'written'; readonly file: string }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'refused'; readonly reason: string };

type Item = { readonly id?: unknown };

/**
 * Writes an applied config back to the file it came from, as edits to the parsed document: only
 * what differs from `previous` is touched, so comments, key order and `${ENV}` references of
 * everything else survive. Lists of items with ids (`endpoints`, `workflows`) are edited item by
 * item. A config split with `include:` is refused (the change stays in memory), and so is a file
 * written in an older config version, whose untouched parts would no longer match the rest.
 */
export async function writeBack(
  target: { readonly file: string; readonly files: readonly string[] },
  previous: Config,
  next: Config,
  known: KnownHashes,
): Promise<WriteBackOutcome> {
  if (target.files.length > 1) {
    return { kind: 'refused', reason: `${target.file} includes other files; API changes to a split config are kept in memory only` };
  }
  const text = await readFile(target.file, 'utf8');
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return { kind: 'refused', reason: `${target.file} no longer parses as a config mapping` };
  if (doc.get('version') !== next.version) {
    return { kind: 'refused', reason: `${target.file} is written in config version ${String(doc.get('version'))}; run a migration before editing it through the API` };
  }
  applyEdits(doc, previous as Record<string, unknown>, next as Record<string, unknown>);
  const json = target.file.toLowerCase().endsWith('.json');
  const written = json ? `${JSON.stringify(doc.toJS(), null, 2)}\n` : doc.toString();
  if (written === text) return { kind: 'unchanged' };
  known.set(target.file, hashText(written));
  await writeAtomically(target.file, written);
  return { kind: 'written', file: target.file };
}

function applyEdits(doc: Document, previous: Record<string, unknown>, next: Record<string, unknown>): void {
  for (const key of Object.keys(previous)) {
    if (!(key in next)) doc.delete(key);
  }
  for (const [key, value] of Object.entries(next)) {
    const before = previous[key];
    if (isDeepStrictEqual(before, value)) continue;
    const node = doc.get(key, true);
    if (isItemList(before) && isItemList(value) && isSeq(node)) editItems(doc, node.items as Node[], before, value);
    else doc.set(key, doc.createNode(value));
  }
}

/** Replaces, removes and appends items by id; an item that did not change keeps its node (and comments). */
function editItems(doc: Document, nodes: Node[], before: readonly Item[], after: readonly Item[]): void {
  const idOf = (node: Node) => (isMap(node) ? node.get('id') : undefined);
  const wanted = new Map(after.map((item) => [item.id, item]));
  const old = new Map(before.map((item) => [item.id, item]));
  for (let i = nodes.length - 1; i >= 0; i--) {
    const id = idOf(nodes[i]!);
    if (!wanted.has(id)) nodes.splice(i, 1);
  }
  for (const [i, node] of nodes.entries()) {
    const id = idOf(node);
    const item = wanted.get(id);
    if (item === undefined || isDeepStrictEqual(old.get(id), item)) continue;
    const replacement = doc.createNode(item) as Node;
    replacement.commentBefore = node.commentBefore;
    replacement.comment = node.comment;
    nodes[i] = replacement;
  }
  const present = new Set(nodes.map(idOf));
  for (const item of after) if (!present.has(item.id)) nodes.push(doc.createNode(item) as Node);
}

const isItemList = (value: unknown): value is Item[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null && typeof (item as Item).id === 'string');

/** Temp file in the same directory, fsync, rename: a reader sees the old file or the new one, never half. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

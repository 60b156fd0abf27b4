import { createHash, randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isMap, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { Config } from '../config/index.js';
import { splitConfigEdits, type ConfigFiles } from './split-config-edits.js';

/** The hash of a file's content as Mimicus last read or wrote it: the watcher skips what it already knows. */
export type KnownHashes = Map<string, string>;

export const hashText = (text: string): string => createHash('sha256').update(text).digest('hex');

export type WriteBackOutcome =
  | { readonly kind: 'written'; readonly files: readonly string[] }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'refused'; readonly reason: string };

type Item = { readonly id?: unknown };

/**
 * Writes an applied config back to the files it came from, as edits to the parsed documents: only
 * what differs from `previous` is touched, so comments, key order and `${ENV}` references of
 * everything else survive. Lists of items with ids (`endpoints`, `workflows`) are edited item by
 * item. In a config split with `include:`, each endpoint is edited in the file that declared it and
 * each top-level key in the file that set it (splitConfigEdits); each file is written atomically,
 * one after the other. A file written in an older config version is refused as a whole (nothing is
 * written), since its untouched parts would no longer match the rest.
 */
export async function writeBack(target: ConfigFiles, previous: Config, next: Config, known: KnownHashes): Promise<WriteBackOutcome> {
  const planned: { file: string; text: string; written: string }[] = [];
  for (const [file, edit] of splitConfigEdits(target, previous, next)) {
    const text = await readFile(file, 'utf8');
    const doc = parseDocument(text, { keepSourceTokens: false });
    if (doc.errors.length > 0 || !isMap(doc.contents)) return { kind: 'refused', reason: `${file} no longer parses as a config mapping` };
    const version = doc.get('version');
    // An included file may leave `version` out; when it says one, it must be the one served.
    if ((file === target.file || version !== undefined) && version !== next.version) {
      return { kind: 'refused', reason: `${file} is written in config version ${String(version)}; run a migration before editing it through the API` };
    }
    applyEdits(doc, edit.previous, edit.next);
    const json = file.toLowerCase().endsWith('.json');
    const written = json ? `${JSON.stringify(doc.toJS(), null, 2)}\n` : doc.toString();
    if (written !== text) planned.push({ file, text, written });
  }
  if (planned.length === 0) return { kind: 'unchanged' };
  for (const { file, written } of planned) {
    known.set(file, hashText(written));
    await writeAtomically(file, written);
  }
  return { kind: 'written', files: planned.map(({ file }) => file) };
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

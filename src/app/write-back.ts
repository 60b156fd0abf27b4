import { basename } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { hashText, readConfigText, type Config } from '../config/index.js';
import type { KnownHashes } from './config-file-hashes.js';
import { editConfigDocument } from './edit-config-document.js';
import { splitConfigEdits, type ConfigFiles } from './split-config-edits.js';
import { writeFileAtomically } from './write-file-atomically.js';

export type WriteBackOutcome =
  | { readonly kind: 'written'; readonly files: readonly string[] }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'refused'; readonly reason: string }
  /** A file holds edits Mimicus has not applied: it was left alone. */
  | { readonly kind: 'changed-on-disk'; readonly files: readonly string[] };

/**
 * Writes an applied config back to the files it came from, as edits to the parsed documents
 * (editConfigDocument): only what differs from `previous` is touched. In a config split with
 * `include:`, each endpoint is edited in the file that declared it and each top-level key in the
 * file that set it (splitConfigEdits); each file is written atomically, one after the other.
 *
 * Nothing is written unless every file to edit still holds what the served config was read from or
 * last written as (`basis`): an outside edit the watcher has not applied (still loading, or
 * rejected as invalid while the user types) is never overwritten. The files are checked again right
 * before writing. A file written in an older config version is refused as a whole, since its
 * untouched parts would no longer match the rest. `seen` (the watcher's) and `basis` learn what is written.
 */
export async function writeBack(
  target: ConfigFiles,
  previous: Config,
  next: Config,
  hashes: { seen: KnownHashes; basis: KnownHashes },
): Promise<WriteBackOutcome> {
  const planned: { file: string; text: string; written: string }[] = [];
  const edits = splitConfigEdits(target, previous, next);
  const changed = await findChangedFiles([...edits.keys()], hashes.basis);
  if (changed.length > 0) return { kind: 'changed-on-disk', files: changed };
  for (const [file, edit] of edits) {
    const read = await readConfigText(file);
    if (!read.ok) return { kind: 'changed-on-disk', files: [file] };
    const text = read.value;
    const doc = parseDocument(text, { keepSourceTokens: false });
    if (doc.errors.length > 0 || !isMap(doc.contents)) return { kind: 'refused', reason: `${file} no longer parses as a config mapping` };
    const version = doc.get('version');
    // An included file may leave `version` out; when it says one, it must be the one served.
    if ((file === target.file || version !== undefined) && version !== next.version) {
      return { kind: 'refused', reason: `${file} is written in config version ${String(version)}; run a migration before editing it through the API` };
    }
    editConfigDocument(doc, edit.previous, edit.next);
    const json = file.toLowerCase().endsWith('.json');
    const written = json ? `${JSON.stringify(doc.toJS(), null, 2)}\n` : doc.toString();
    if (hashText(text) !== hashes.basis.get(file)) return { kind: 'changed-on-disk', files: [file] };
    if (written !== text) planned.push({ file, text, written });
  }
  if (planned.length === 0) return { kind: 'unchanged' };
  // Building the edits took time: an edit saved meanwhile still wins.
  const changedSince = await findChangedFiles(
    planned.map(({ file }) => file),
    hashes.basis,
  );
  if (changedSince.length > 0) return { kind: 'changed-on-disk', files: changedSince };
  for (const { file, written } of planned) {
    const hash = hashText(written);
    hashes.seen.set(file, hash);
    hashes.basis.set(file, hash);
    await writeFileAtomically(file, written);
  }
  return { kind: 'written', files: planned.map(({ file }) => file) };
}

/** The files whose content differs from what Mimicus last read or wrote (a missing file differs too). */
export async function findChangedFiles(files: readonly string[], basis: KnownHashes): Promise<string[]> {
  const changed: string[] = [];
  for (const file of files) {
    const text = await readConfigText(file);
    if (!text.ok || hashText(text.value) !== basis.get(file)) changed.push(file);
  }
  return changed;
}

/** One sentence for the log, the event and the API answer. */
export function describeChangedFiles(files: readonly string[]): string {
  const names = files.map((file) => basename(file)).join(', ');
  return `${names} changed on disk since Mimicus last read it (an edit not loaded yet, or one rejected as invalid); Mimicus does not overwrite it. Save a valid file (or POST /api/config/reload) and retry`;
}

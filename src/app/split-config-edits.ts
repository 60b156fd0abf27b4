import { isDeepStrictEqual } from 'node:util';
import type { Config } from '../config/index.js';

/** Where each part of a config split with `include:` was written. */
export interface ConfigFiles {
  /** The main file: new endpoints and top-level keys no included file owns go here. */
  readonly file: string;
  /** Per endpoint id, its file when not the main one. */
  readonly endpointFiles: ReadonlyMap<string, string>;
  /** Top-level keys set by an included file, with that file. */
  readonly keyFiles: ReadonlyMap<string, string>;
}

type Part = Record<string, unknown>;

/** One file's share of a change: its part of the config before and after. */
export interface FileEdit {
  readonly previous: Part;
  readonly next: Part;
}

type Item = { readonly id?: unknown };

/**
 * Splits a change to a merged config into one edit per file that declared the changed parts: an
 * endpoint is edited (or removed) in the file that declared it, a top-level key in the file that
 * set it; new endpoints and new keys go to the main file. Only files whose part changed are listed,
 * so a change to one endpoint rewrites one file.
 */
export function splitConfigEdits(files: ConfigFiles, previous: Config, next: Config): Map<string, FileEdit> {
  const edits = new Map<string, { previous: Part; next: Part }>();
  const editOf = (file: string) => {
    let edit = edits.get(file);
    if (!edit) edits.set(file, (edit = { previous: {}, next: {} }));
    return edit;
  };
  const before = previous as Part;
  const after = next as Part;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'endpoints') continue;
    const edit = editOf(files.keyFiles.get(key) ?? files.file);
    if (key in before) edit.previous[key] = before[key];
    if (key in after) edit.next[key] = after[key];
  }
  const fileOfEndpoint = (item: Item) => (typeof item.id === 'string' ? files.endpointFiles.get(item.id) : undefined) ?? files.file;
  const byFile = (items: readonly Item[] | undefined) => {
    const grouped = new Map<string, Item[]>();
    for (const item of items ?? []) {
      const file = fileOfEndpoint(item);
      grouped.set(file, [...(grouped.get(file) ?? []), item]);
    }
    return grouped;
  };
  const endpointsBefore = byFile(previous.endpoints as Item[] | undefined);
  const endpointsAfter = byFile(next.endpoints as Item[] | undefined);
  for (const file of new Set([...endpointsBefore.keys(), ...endpointsAfter.keys()])) {
    const edit = editOf(file);
    edit.previous.endpoints = endpointsBefore.get(file) ?? [];
    edit.next.endpoints = endpointsAfter.get(file) ?? [];
  }
  // A file whose part did not change is not even rewritten (yaml would reformat its flow collections).
  for (const [file, edit] of edits) if (isDeepStrictEqual(edit.previous, edit.next)) edits.delete(file);
  return edits;
}

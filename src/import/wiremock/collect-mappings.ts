import type { ImportError, ImportInput } from '../import-types.js';
import { parseJsonInput } from '../foreign/index.js';

type Json = Record<string, unknown>;

/** One stub mapping and where it came from (`mappings[3]`; `file.json#mappings[3]` when several files; '' for a lone mapping). */
export interface SourcedMapping {
  mapping: Json;
  source: string;
}

/** True for a WireMock mapping: an object with a `request` and a `response` object. */
export const isMapping = (value: unknown): value is Json =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  typeof (value as Json).request === 'object' &&
  (value as Json).request !== null &&
  typeof (value as Json).response === 'object' &&
  (value as Json).response !== null;

/** The mappings of one parsed document: a mapping, an array of them, or `{ mappings: [...] }`. */
export function mappingsOf(document: unknown): { items: unknown[]; prefix: string } | undefined {
  if (isMapping(document)) return { items: [document], prefix: '' };
  if (Array.isArray(document)) return { items: document, prefix: '' };
  if (document !== null && typeof document === 'object' && Array.isArray((document as Json).mappings)) {
    return { items: (document as Json).mappings as unknown[], prefix: 'mappings' };
  }
  return undefined;
}

const isBodyFilePath = (path: string) => /(^|\/)__files\//.test(path);

/**
 * Every mapping of the input: the main file's, then (for a directory import) those of the other
 * `.json` files outside `__files/`, in path order so the output does not depend on read order.
 */
export function collectMappings(input: ImportInput): { ok: true; value: SourcedMapping[] } | { ok: false; error: ImportError[] } {
  const files = [{ path: input.main.path, text: input.main.text }];
  const others = [...input.files.keys()].filter((path) => path.endsWith('.json') && !isBodyFilePath(path)).sort();
  for (const path of others) files.push({ path, text: input.files.get(path)! });
  const out: SourcedMapping[] = [];
  for (const [index, file] of files.entries()) {
    const parsed = parseJsonInput(file);
    if (!parsed.ok) {
      if (index === 0) return parsed;
      continue;
    }
    const found = mappingsOf(parsed.value);
    if (found === undefined) {
      if (index === 0) return { ok: false, error: [{ source: file.path, message: 'not a WireMock mapping, array of mappings or { "mappings": [...] }' }] };
      continue;
    }
    const multi = files.length > 1;
    found.items.forEach((mapping, i) => {
      const where = found.prefix !== '' ? `${found.prefix}[${i}]` : Array.isArray(parsed.value) ? `[${i}]` : '';
      out.push({ mapping: mapping as Json, source: multi ? `${file.path}${where === '' ? '' : `#${where}`}` : where });
    });
  }
  return { ok: true, value: out };
}

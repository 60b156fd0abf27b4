import type { Config } from '../config/index.js';
import { decodeInput } from './decode-input.js';
import { detectFormat } from './detect-format.js';
import type { ImportError, ImportResult } from './import-types.js';
import { readImportSource } from './read-import-source.js';
import { runImport } from './run-import.js';
import { readFile, stat } from 'node:fs/promises';

export type ServeSource = { kind: 'config' } | { kind: 'imported'; config: Config; result: ImportResult } | { kind: 'failed'; errors: readonly ImportError[] };

/** Larger files are left to the config loader, which has its own limit and message. */
const SNIFF_LIMIT = 32 * 1024 * 1024;

/**
 * `mimicus serve openapi.yaml`: a file that is not a Mimicus config (no `version:`) but that an
 * importer recognises is imported in memory and served. Anything else is left to the config
 * loader, so a broken Mimicus config still gets its own, precise messages.
 */
export async function importForServe(file: string, options: Readonly<Record<string, unknown>> = {}): Promise<ServeSource> {
  const size = await stat(file)
    .then((s) => (s.isFile() ? s.size : -1))
    .catch(() => -1);
  if (size < 0 || size > SNIFF_LIMIT) return { kind: 'config' };
  const text = await readFile(file, 'utf8');
  // A YAML Mimicus config says `version:` at its top level (column 0; an OpenAPI document's
  // `version` sits under `info:`). Decoding a large config here only to find that out cost its
  // start the memory of a second parse: a 20,000-endpoint file's idle RSS went from 316 to 542 MB.
  if (/^version\s*:/m.test(text)) return { kind: 'config' };
  const decoded = decodeInput({ path: file, text });
  if (!decoded.ok) return { kind: 'config' };
  const document = decoded.value;
  if (document === null || typeof document !== 'object' || 'version' in document) return { kind: 'config' };
  if (detectFormat(document, { path: file, text }) === undefined) return { kind: 'config' };
  const read = await readImportSource(file);
  if (!read.ok) return { kind: 'failed', errors: read.error };
  const outcome = runImport(read.value, { options });
  if (!outcome.ok) return { kind: 'failed', errors: outcome.error };
  const refWarnings = (read.refErrors ?? []).map((e) => ({ source: e.source, message: e.message }));
  return { kind: 'imported', config: outcome.value.config, result: { ...outcome.value, warnings: [...refWarnings, ...outcome.value.warnings] } };
}

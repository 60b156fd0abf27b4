import { validateConfigObject, type ConfigIssue } from '../config/index.js';
import { decodeInput } from './decode-input.js';
import { detectFormat } from './detect-format.js';
import type { ImportError, ImportFormat, ImportResult } from './import-types.js';
import { importerFor, importers } from './importers.js';
import type { ImportSource } from './read-import-source.js';

export interface RunImportOptions {
  /** `auto` (the default) asks every registered importer in turn. */
  readonly format?: ImportFormat | 'auto';
  /** Seed of generated values: the same input and seed give byte-identical output. */
  readonly seed?: number;
  /** Format-specific switches (OpenAPI: `variants`, `validate`). */
  readonly options?: Readonly<Record<string, unknown>>;
  readonly onProgress?: (done: number, total: number) => void;
}

export type ImportOutcome = { ok: true; value: ImportResult } | { ok: false; error: ImportError[] };

export const DEFAULT_IMPORT_SEED = 42;

const issueToError = (issue: ConfigIssue): ImportError => ({ source: `(imported config) ${issue.path}`, message: issue.message });

/**
 * Picks the importer (given, or detected), runs it, and checks its config against the schema: an
 * importer never hands back a config `serve` would refuse (a bad `x-mimicus-latency` in a spec is
 * reported here, with its endpoint).
 */
export function runImport(source: Pick<ImportSource, 'main' | 'document' | 'files'>, options: RunImportOptions = {}): ImportOutcome {
  const format = options.format ?? 'auto';
  const importer = format === 'auto' ? detectFormat(source.document, source.main) : importerFor(format);
  if (importer === undefined) {
    const known = importers.map((i) => i.format).join(', ');
    return {
      ok: false,
      error: [
        {
          source: source.main.path,
          message:
            format === 'auto'
              ? `not a format Mimicus imports (it knows: ${known}); name one with --format`
              : `no importer for "${format}" (it knows: ${known})`,
        },
      ],
    };
  }
  const ran = importer.run({
    main: source.main,
    files: source.files,
    seed: options.seed ?? DEFAULT_IMPORT_SEED,
    options: options.options ?? {},
    document: source.document,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  if (!ran.ok) return ran;
  const checked = validateConfigObject(ran.value.config);
  if (!checked.ok) return { ok: false, error: checked.error.map(issueToError) };
  return ran;
}

/** An import of text held in memory (the admin API): no files, no `$ref`s outside the document. */
export function importText(text: string, name: string, options: RunImportOptions = {}): ImportOutcome {
  const main = { path: name, text };
  const decoded = decodeInput(main);
  if (!decoded.ok) return decoded;
  return runImport({ main, document: decoded.value, files: new Map() }, options);
}

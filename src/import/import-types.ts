import type { Config } from '../config/index.js';

/**
 * The shared shape of every importer (DESIGN.md, Layout: foreign text → Result<Config, Issue[]>).
 * Each format lives in its own folder (`openapi/`, `wiremock/`, `mockoon/`, `mountebank/`,
 * `postman/`, `har/`) and exports one `Importer`; `detect-format.ts` and `import-source.ts` pick and
 * run them. Importers are pure: they never touch the network or the disk themselves — the caller
 * hands them every file they may read through `ImportInput.files`.
 */
export type ImportFormat = 'openapi' | 'wiremock' | 'mockoon' | 'mountebank' | 'postman' | 'har';

/** One input file, already read: the path (for messages and relative `bodyFileName`s) and its text. */
export interface ImportFile {
  path: string;
  text: string;
}

export interface ImportInput {
  /** The main file (or, for a directory import, the first mapping file). */
  main: ImportFile;
  /** Every other file the import may read (a WireMock `__files/` folder, local `$ref` targets), keyed by path relative to the main file's folder. */
  files: ReadonlyMap<string, string>;
  /** Seed for any generated value, so the same input always gives byte-identical output. */
  seed: number;
  /** Format-specific switches (e.g. OpenAPI `variants`, `validate`). */
  options: Readonly<Record<string, unknown>>;
  /** The main file already decoded (YAML/JSON), when the caller has it: saves decoding it twice. */
  document?: unknown;
  /** Called as a large input is worked through (a progress bar on a terminal). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * A warning names where in the source it arose, in the source's own terms
 * (`paths./pets/{id}.get.responses.200`, `mappings[3].response.transformers`), and what was done.
 */
export interface ImportWarning {
  source: string;
  message: string;
}

/** An item that could not be imported at all, and why (`inject` in mountebank, say). */
export interface SkippedItem {
  source: string;
  reason: string;
}

/**
 * What an importer gives back. `config` is a complete version-2 config (the current schema),
 * ready to validate; `bodyFiles` holds bodies the writer may put beside the config
 * (key = relative path used in `bodyFile`; a Buffer is written as bytes: a recorded image, say).
 */
export interface ImportResult {
  format: ImportFormat;
  config: Config;
  warnings: ImportWarning[];
  skipped: SkippedItem[];
  bodyFiles: ReadonlyMap<string, string | Buffer>;
  /** Facts for the report's header and the measurements (spec version, title, operations, generated bodies…). */
  details?: Readonly<Record<string, string | number | boolean | undefined>>;
}

/** A failure of the whole input (not parseable, not this format): named with its location. */
export interface ImportError {
  source: string;
  message: string;
  line?: number;
  column?: number;
}

export interface Importer {
  format: ImportFormat;
  /** Cheap sniff of parsed input: true when this importer recognises the document. */
  detect(document: unknown, file: ImportFile): boolean;
  run(input: ImportInput): { ok: true; value: ImportResult } | { ok: false; error: ImportError[] };
}

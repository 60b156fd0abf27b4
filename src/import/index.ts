// The importers' door: the shared types, the registry, reading inputs, running, writing, merging.
export type { ImportFormat, ImportFile, ImportInput, ImportWarning, SkippedItem, ImportResult, ImportError, Importer } from './import-types.js';
export { importers, importerFor } from './importers.js';
export { detectFormat } from './detect-format.js';
export { decodeInput } from './decode-input.js';
export { readImportSource, DEFAULT_READ_LIMITS } from './read-import-source.js';
export type { ImportSource, ReadLimits, ReadOptions } from './read-import-source.js';
export { runImport, importText, DEFAULT_IMPORT_SEED } from './run-import.js';
export type { ImportOutcome, RunImportOptions } from './run-import.js';
export { writeConfig } from './write-config.js';
export type { WriteOptions, WrittenConfig } from './write-config.js';
export { mergeEndpoints, mergeIntoText } from './merge-into.js';
export type { EndpointMerge, MergeConflict } from './merge-into.js';
export { formatReport } from './format-report.js';
export { importForServe } from './import-for-serve.js';
export { previewImport } from './preview-import.js';
export type { ForeignImportOutcome, ForeignImportPreview, ForeignImportRequest } from './preview-import.js';
export type { ServeSource } from './import-for-serve.js';

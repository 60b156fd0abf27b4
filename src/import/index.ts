// The importers' door: each format's importer and the shared types. See import-types.ts.
export type {
  ImportFormat,
  ImportFile,
  ImportInput,
  ImportWarning,
  SkippedItem,
  ImportResult,
  ImportError,
  Importer,
} from './import-types.js';

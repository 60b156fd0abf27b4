import type { Config } from '../config/index.js';
import type { ImportPreview } from '../contract/index.js';

/** What `POST /api/import?format=…` asks for (a foreign format; a Mimicus config takes the plain path). */
export interface ForeignImportRequest {
  readonly format: 'auto' | 'openapi' | 'wiremock' | 'mockoon' | 'mountebank' | 'postman' | 'har';
  readonly name: string;
  readonly variants?: boolean;
  readonly validate?: boolean;
  readonly replace?: boolean;
}

export type ForeignImportOutcome =
  | { readonly ok: true; readonly candidate: Config; readonly preview: Omit<ImportPreview, 'dryRun' | 'version'> }
  | { readonly ok: false; readonly errors: readonly { source: string; message: string; line?: number; column?: number }[] };

/**
 * The importers as the admin API sees them (declared here so control never imports the import
 * zone): text in, the candidate config (the current one with the imported endpoints) and a
 * preview out. The app hands the real one over.
 */
export interface ImportPort {
  preview(text: string, request: ForeignImportRequest, current: Config): ForeignImportOutcome;
}

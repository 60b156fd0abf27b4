import type { Config, Endpoint } from '../config/index.js';
import type { ImportError, ImportFormat, ImportResult } from './import-types.js';
import { mergeEndpoints, type MergeConflict } from './merge-into.js';
import { importText } from './run-import.js';

export interface ForeignImportRequest {
  readonly format: ImportFormat | 'auto';
  /** A name for messages (the upload's file name), never read from disk. */
  readonly name: string;
  readonly variants?: boolean;
  readonly validate?: boolean;
  /** Replace the current endpoints instead of adding to them. */
  readonly replace?: boolean;
  readonly seed?: number;
}

export interface ForeignImportPreview {
  readonly format: string;
  readonly endpoints: readonly { id: string; method: string; path: string }[];
  readonly warnings: ImportResult['warnings'];
  readonly skipped: ImportResult['skipped'];
  readonly conflicts: readonly MergeConflict[];
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

export type ForeignImportOutcome = { ok: true; candidate: Config; preview: ForeignImportPreview } | { ok: false; errors: readonly ImportError[] };

const methodText = (endpoint: Endpoint) => (Array.isArray(endpoint.method) ? endpoint.method.join(',') : (endpoint.method ?? '*'));

/**
 * The admin API's import of a foreign format (text held in memory: no file or URL is ever read,
 * so an uploaded spec cannot make the server fetch anything). The imported endpoints are added to
 * the current config (conflicts left out and listed), or replace its endpoints with `replace`;
 * server, admin and the other settings of the running config stay as they are.
 */
export function previewImport(text: string, request: ForeignImportRequest, current: Config): ForeignImportOutcome {
  const outcome = importText(text, request.name, {
    format: request.format,
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    options: { variants: request.variants === true, validate: request.validate === true },
  });
  if (!outcome.ok) return { ok: false, errors: outcome.error };
  const result = outcome.value;
  const incoming = result.config.endpoints ?? [];
  const merge = request.replace === true ? { added: incoming, conflicts: [] } : mergeEndpoints(current.endpoints ?? [], incoming);
  const candidate: Config = { ...current, endpoints: [...(request.replace === true ? [] : (current.endpoints ?? [])), ...merge.added] };
  if (result.config.defaults !== undefined && current.defaults === undefined) candidate.defaults = result.config.defaults;
  const details = Object.fromEntries(Object.entries(result.details ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string | number | boolean>;
  return {
    ok: true,
    candidate,
    preview: {
      format: result.format,
      endpoints: merge.added.map((e) => ({ id: e.id, method: methodText(e), path: e.path })),
      warnings: result.warnings,
      skipped: result.skipped,
      conflicts: merge.conflicts,
      details,
    },
  };
}

import type { ImportPreview } from '../../../src/contract/index.ts';

/** Foreign formats the admin API imports (`POST /api/import?format=…`); `mimicus` is a plain config. */
export const IMPORT_FORMATS = ['mimicus', 'auto', 'openapi', 'wiremock', 'mockoon', 'mountebank', 'postman', 'har'] as const;
export type ImportFormatChoice = (typeof IMPORT_FORMATS)[number];

export const FORMAT_LABELS: Record<ImportFormatChoice, string> = {
  mimicus: 'Mimicus config',
  auto: 'Detect the format',
  openapi: 'OpenAPI / Swagger',
  wiremock: 'WireMock mappings',
  mockoon: 'Mockoon environment',
  mountebank: 'mountebank imposters',
  postman: 'Postman collection',
  har: 'HAR recording',
};

/** Warnings listed before "and N more": a 300-operation API can warn a thousand times. */
const SHOWN = 200;

/**
 * The dry run of a foreign import: what would be added, every warning and skipped item with its
 * place in the source, and the conflicts left out, with the buttons to apply it or not.
 */
export function ImportPreviewPanel({
  name,
  preview,
  busy,
  onApply,
  onCancel,
}: {
  name: string;
  preview: ImportPreview;
  busy: boolean;
  onApply: () => void;
  onCancel: () => void;
}) {
  const { endpoints, warnings, skipped, conflicts } = preview;
  return (
    <section className="import-preview" aria-label="Import preview">
      <h3>
        {name} ({preview.format}): {endpoints.length} endpoints, {warnings.length} warnings, {skipped.length} skipped, {conflicts.length} conflicts
      </h3>
      {endpoints.length > 0 && (
        <details>
          <summary>Endpoints to add</summary>
          <ul className="issues">
            {endpoints.map((e) => (
              <li key={e.id}>
                <code>{e.method}</code> <code>{e.path}</code> — {e.id}
              </li>
            ))}
          </ul>
        </details>
      )}
      {warnings.length > 0 && (
        <details open={warnings.length <= 20}>
          <summary>Warnings</summary>
          <ul className="issues import-warnings">
            {warnings.slice(0, SHOWN).map((w, i) => (
              <li key={i}>
                <code>{w.source}</code>: {w.message}
              </li>
            ))}
            {warnings.length > SHOWN && <li>… and {warnings.length - SHOWN} more</li>}
          </ul>
        </details>
      )}
      {skipped.length > 0 && (
        <ul className="issues import-skipped" aria-label="Skipped">
          {skipped.map((s, i) => (
            <li key={i}>
              skipped <code>{s.source}</code>: {s.reason}
            </li>
          ))}
        </ul>
      )}
      {conflicts.length > 0 && (
        <ul className="issues import-conflicts" aria-label="Conflicts">
          {conflicts.map((c) => (
            <li key={c.id}>
              left out <code>{c.id}</code>: {c.reason}
              {c.reason === 'same id' ? '' : ` as ${c.existing}`}
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" disabled={busy || endpoints.length === 0} onClick={onApply}>
          Apply as a new version
        </button>
        <button type="button" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

import type { ImportFormat, Importer } from './import-types.js';
import { openApiImporter } from './openapi/index.js';

/**
 * Every importer, in detection order: the first whose `detect` says yes takes an `--format auto`
 * input. OpenAPI comes first because its marker (`openapi:` / `swagger:`) is unambiguous.
 */
export const importers: readonly Importer[] = [
  openApiImporter,
  // ── imp2: register the WireMock, Mockoon, mountebank, Postman and HAR importers here ──
];

export function importerFor(format: ImportFormat): Importer | undefined {
  return importers.find((importer) => importer.format === format);
}

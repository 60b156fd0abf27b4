import type { ImportFormat, Importer } from './import-types.js';
import { harImporter } from './har/index.js';
import { mockoonImporter } from './mockoon/index.js';
import { mountebankImporter } from './mountebank/index.js';
import { openApiImporter } from './openapi/index.js';
import { postmanImporter } from './postman/index.js';
import { wiremockImporter } from './wiremock/index.js';

/**
 * Every importer, in detection order: the first whose `detect` says yes takes an `--format auto`
 * input. OpenAPI comes first because its marker (`openapi:` / `swagger:`) is unambiguous.
 */
export const importers: readonly Importer[] = [
  openApiImporter,
  // Detected by shape; the five do not overlap.
  wiremockImporter,
  mockoonImporter,
  mountebankImporter,
  postmanImporter,
  harImporter,
];

export function importerFor(format: ImportFormat): Importer | undefined {
  return importers.find((importer) => importer.format === format);
}

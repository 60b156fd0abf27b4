// The OpenAPI 2.0 / 3.0 / 3.1 importer.
export { openApiImporter } from './openapi-importer.js';

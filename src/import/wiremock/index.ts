// The WireMock importer: stub mappings (files or a directory with __files/) → a Mimicus config.
export { wiremockImporter } from './wiremock-importer.js';

// The mountebank importer: imposters (stubs, predicates, responses) → a Mimicus config.
export { mountebankImporter } from './mountebank-importer.js';

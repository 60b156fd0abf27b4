// The Mockoon importer: an environment (routes, rules, data buckets) → a Mimicus config.
export { mockoonImporter } from './mockoon-importer.js';

// The Postman importer: a collection v2.0 / v2.1's saved examples → endpoints.
export { postmanImporter } from './postman-importer.js';

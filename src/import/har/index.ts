// The HAR importer: a recorded session (HAR 1.2) → endpoints with sequences and fitted latency.
export { harImporter } from './har-importer.js';

/** The package's programmatic API: start Mimicus from a config file or object in your tests. */
export { createMimicus, ConfigInvalidError } from './app/index.js';
export type { Mimicus, MimicusOptions, ConfigInput, ReloadOptions, ReloadResult } from './app/index.js';
export type { Config, Endpoint, ConfigIssue } from './config/index.js';

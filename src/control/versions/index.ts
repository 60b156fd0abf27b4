export { createVersionStore } from './create-version-store.js';
export type { VersionStoreOptions } from './create-version-store.js';
export type { Version, VersionChange, VersionListOptions, VersionMeta, VersionStore } from './version-store.js';
export { diffConfigs, summarizeChange } from './diff-configs.js';
export type { ConfigChange } from './diff-configs.js';
export { redactSecrets } from './redact-secrets.js';

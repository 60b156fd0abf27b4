export { createSqliteVersionStore } from './sqlite-version-store.js';
export { createMemoryVersionStore } from './memory-version-store.js';
export type { VersionMeta, VersionStore, VersionStoreOptions } from './version-store.js';
export { diffConfigs } from './diff-configs.js';
export { redactSecrets } from './redact-secrets.js';

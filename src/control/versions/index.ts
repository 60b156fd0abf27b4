export { createVersionStore } from './create-version-store.js';
export type { VersionStore } from './version-store.js';
export { diffConfigs } from './diff-configs.js';
export { redactSecrets } from './redact-secrets.js';

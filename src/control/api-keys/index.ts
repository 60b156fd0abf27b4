export { createSqliteApiKeyStore } from './sqlite-api-key-store.js';
export { createMemoryApiKeyStore } from './memory-api-key-store.js';
export type { AdminRole, ApiKeyStore } from './api-key-store.js';

export { createApiKeyStore } from './create-api-key-store.js';
export type { AdminRole, ApiKeyStore } from './create-api-key-store.js';

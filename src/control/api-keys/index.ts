export { createApiKeyStore } from './create-api-key-store.js';
export type { AdminRole, ApiKeyStore, ApiKeyStoreOptions, StoredApiKey } from './create-api-key-store.js';

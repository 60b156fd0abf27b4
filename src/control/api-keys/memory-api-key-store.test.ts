import { describeApiKeyStore } from './api-key-store.contract.js';
import { createMemoryApiKeyStore } from './memory-api-key-store.js';

describeApiKeyStore('memory', async (options) => createMemoryApiKeyStore(options));

import { createMemoryStateStore } from './memory-state-store.js';
import { describeStateStoreExpiry } from './state-store-expiry.contract.js';
import { describeStateStore } from './state-store.contract.js';

describeStateStore('memory', async (options) => createMemoryStateStore(options));
describeStateStoreExpiry('memory', async (options) => createMemoryStateStore(options));

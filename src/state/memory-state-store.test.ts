import { createMemoryStateStore } from './memory-state-store.js';
import { describeStateStore } from './state-store.contract.js';

describeStateStore('memory', async (options) => createMemoryStateStore(options));

import { createMemoryVersionStore } from './memory-version-store.js';
import { describeVersionStore } from './version-store.contract.js';

describeVersionStore('memory', async (options) => createMemoryVersionStore(options));

import { createMemoryRateLimitStore } from './memory-rate-limit-store.js';
import { describeRateLimitStore } from './rate-limit-store.contract.js';

describeRateLimitStore('memory', async () => createMemoryRateLimitStore());

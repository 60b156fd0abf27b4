export { createEngine } from './create-engine.js';
export type { Engine } from './create-engine.js';
export { bucketOutcome, createMemoryRateLimitStore } from './behaviors/index.js';
export type { RateLimitOutcome, RateLimitStore, TokenBucketLimit } from './behaviors/index.js';
export { createScheduleClock } from './schedule-clock.js';
export { seedCollection } from './crud/index.js';
export { parseCookies } from './incoming-request.js';
export { simulate } from './pipeline/index.js';
export { activeWindow } from './behaviors/index.js';

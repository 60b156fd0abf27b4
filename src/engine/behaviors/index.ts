export { createRateLimiters } from './rate-limiter.js';
export type { RateLimiters } from './rate-limiter.js';
export { createMemoryRateLimitStore } from './memory-rate-limit-store.js';
export type { RateLimitStore } from './rate-limit-store.js';
export { rateLimitHeaders } from './rate-limit-headers.js';

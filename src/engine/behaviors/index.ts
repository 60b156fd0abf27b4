export { createRateLimiters } from './rate-limiter.js';
export type { RateLimiters } from './rate-limiter.js';
export { rateLimitHeaders } from './rate-limit-headers.js';

export { createRateLimiters } from './rate-limiter.js';
export type { RateLimiters, RateLimitOutcome } from './rate-limiter.js';
export { rateLimitHeaders } from './rate-limit-headers.js';

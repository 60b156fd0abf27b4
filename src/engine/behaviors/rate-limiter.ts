import type { Clock } from '../../clock/index.js';
import type { MockRequest, RateLimitSpec } from '../../plan/index.js';
import { rateLimitKey } from './rate-limit-key.js';
import type { RateLimitOutcome, RateLimitStore } from './rate-limit-store.js';

/** Every limiter of one engine, one per bucket name. */
export interface RateLimiters {
  /**
   * Takes a token for this request from its bucket. `clientAddress` is the socket's remote
   * address. `endpointId` is not needed for keying (the spec's bucket name already is the
   * endpoint's own unless shared); it is kept so the call names everything the decision may use.
   */
  take(spec: RateLimitSpec, request: MockRequest, clientAddress: string, endpointId: string, sessionId?: string): RateLimitOutcome | Promise<RateLimitOutcome>;
}

/**
 * Token buckets kept in `store` (the one `app/` picks), keyed from the request, refilled from the
 * clock's monotonic `now()` on each take (tests drive time with a ManualClock).
 *
 * Endpoints sharing a bucket name share its buckets; each request refills with its own spec's
 * rate and burst, so endpoints sharing a bucket should configure the same rate. A bucket name's
 * maxKeys is fixed by the first spec that uses it.
 */
export function createRateLimiters(clock: Clock, store: RateLimitStore): RateLimiters {
  return {
    take(spec, request, clientAddress, _endpointId, sessionId) {
      return store.take(spec.bucket, rateLimitKey(spec.key, request, clientAddress, sessionId), spec, clock.now());
    },
  };
}

import type { RateLimitSpec } from '../../plan/index.js';
import type { RateLimitOutcome } from './rate-limit-store.js';

/*
 * Header fields per draft-ietf-httpapi-ratelimit-headers-09 (March 2025), Structured Fields form:
 *
 *   RateLimit-Policy: "<bucket>";q=<quota>;w=<window seconds>
 *   RateLimit: "<bucket>";r=<remaining>;t=<seconds until the bucket is full again>
 *   Retry-After: <seconds until a token is available, >= 1>        (refusals only)
 *
 * The policy name is the bucket name, so a client sees which quota endpoints share. q/w state the
 * rate as configured ("6000/m" → q=6000;w=60); the draft's "t" is when the quota resets, which
 * for a token bucket is when it is full again (0 when it is). `r` may exceed `q` when burst is
 * larger than one window's quota: the draft's model is a fixed window, ours a bucket.
 */

interface Policy {
  readonly name: string;
  readonly field: string;
}

/** Policies depend only on the spec, which lives as long as its plan: computed once per spec. */
const policies = new WeakMap<RateLimitSpec, Policy>();

/** An sf-string: printable ASCII, with `"` and `\` escaped; anything else becomes `?`. */
function sfString(text: string): string {
  return `"${text.replace(/[^\x20-\x7e]/g, '?').replace(/["\\]/g, '\\$&')}"`;
}

const isWhole = (n: number): boolean => Math.abs(n - Math.round(n)) < 1e-9;

/**
 * q and w must be sf-integers. A rate written with whole numbers and a window of at least a
 * second ("100/s", "10/h") is kept as written; otherwise ("5/ms", "1.5/s") it is restated over the
 * shortest of 1 s, 1 min or 1 h that gives a whole quota (5/ms → q=5000;w=1, 1.5/s → q=90;w=60).
 */
function policyWindow(spec: RateLimitSpec): { quota: number; windowSeconds: number } {
  if (spec.windowSeconds >= 1 && isWhole(spec.quota) && isWhole(spec.windowSeconds)) {
    return { quota: spec.quota, windowSeconds: spec.windowSeconds };
  }
  for (const windowSeconds of [1, 60, 3600]) {
    const quota = spec.tokensPerSecond * windowSeconds;
    if (isWhole(quota)) return { quota: Math.round(quota), windowSeconds };
  }
  return { quota: Math.max(1, Math.round(spec.tokensPerSecond * 3600)), windowSeconds: 3600 };
}

function policyOf(spec: RateLimitSpec): Policy {
  let policy = policies.get(spec);
  if (policy === undefined) {
    const name = sfString(spec.bucket);
    const { quota, windowSeconds } = policyWindow(spec);
    policy = { name, field: `${name};q=${quota};w=${windowSeconds}` };
    policies.set(spec, policy);
  }
  return policy;
}

/** Name/value pairs (lower-case names) to append to the prepared headers of a limited endpoint's response. */
export function rateLimitHeaders(spec: RateLimitSpec, outcome: RateLimitOutcome): string[] {
  const policy = policyOf(spec);
  const headers = ['ratelimit-policy', policy.field, 'ratelimit', `${policy.name};r=${outcome.remaining};t=${outcome.resetSeconds}`];
  if (!outcome.allowed) headers.push('retry-after', String(outcome.retryAfterSeconds));
  return headers;
}

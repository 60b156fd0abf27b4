import { describe, expect, it } from 'vitest';
import type { RateLimitConfig } from '../../config/index.js';
import { compileRateLimit } from '../../plan/behaviors/compile-rate-limit.js';
import { rateLimitHeaders } from './rate-limit-headers.js';

function specFor(config: RateLimitConfig) {
  const result = compileRateLimit(config, 'rateLimit', 'users-get');
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe('rateLimitHeaders', () => {
  it('states the policy and the bucket on an admitted response', () => {
    expect(rateLimitHeaders(specFor({ rate: '100/s' }), { allowed: true, remaining: 42, resetSeconds: 1 })).toEqual([
      'ratelimit-policy',
      '"endpoint:users-get";q=100;w=1',
      'ratelimit',
      '"endpoint:users-get";r=42;t=1',
    ]);
  });

  it('adds Retry-After on a refusal', () => {
    expect(rateLimitHeaders(specFor({ rate: '6000/m', bucket: 'partner' }), { allowed: false, remaining: 0, retryAfterSeconds: 1, resetSeconds: 2 })).toEqual([
      'ratelimit-policy',
      '"partner";q=6000;w=60',
      'ratelimit',
      '"partner";r=0;t=2',
      'retry-after',
      '1',
    ]);
  });

  it.each([
    ['10/h', 'q=10;w=3600'],
    ['5/ms', 'q=5000;w=1'],
    ['1.5/s', 'q=90;w=60'],
    ['0.5/m', 'q=30;w=3600'],
  ])('states %s with integer q and w (%s)', (rate, policy) => {
    const [, field] = rateLimitHeaders(specFor({ rate, bucket: 'b' }), { allowed: true, remaining: 0, resetSeconds: 0 });
    expect(field).toBe(`"b";${policy}`);
  });

  it('escapes the bucket name as a structured-field string', () => {
    const [, field] = rateLimitHeaders(specFor({ rate: '1/s', bucket: 'a "quoted"\\name é' }), { allowed: true, remaining: 0, resetSeconds: 1 });
    expect(field).toBe('"a \\"quoted\\"\\\\name ?";q=1;w=1');
  });
});

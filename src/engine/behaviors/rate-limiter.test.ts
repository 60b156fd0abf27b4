import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import type { RateLimitConfig } from '../../config/index.js';
import type { MockRequest, RateLimitSpec } from '../../plan/index.js';
import { compileRateLimit } from '../../plan/behaviors/compile-rate-limit.js';
import { createMemoryRateLimitStore } from './memory-rate-limit-store.js';
import type { RateLimitOutcome } from './rate-limit-store.js';
import { createRateLimiters } from './rate-limiter.js';

function specFor(config: RateLimitConfig, owner = 'users-get'): RateLimitSpec {
  const result = compileRateLimit(config, 'rateLimit', owner);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

function request(parts: Partial<Pick<MockRequest, 'headers' | 'query' | 'cookies'>> = {}): MockRequest {
  return { method: 'GET', path: '/', url: '/', query: {}, headers: {}, cookies: {}, params: {}, bodyText: '', bodyJson: undefined, ...parts };
}

function setup() {
  const clock = new ManualClock({ nowMs: 1_000 });
  const limiters = createRateLimiters(clock, createMemoryRateLimitStore());
  const take = (spec: RateLimitSpec, req = request(), client = '10.0.0.1', endpoint = 'users-get'): RateLimitOutcome =>
    limiters.take(spec, req, client, endpoint) as RateLimitOutcome; // the memory store answers at once
  const admitted = (spec: RateLimitSpec, count: number, req = request(), client = '10.0.0.1') =>
    Array.from({ length: count }, () => take(spec, req, client)).filter((o) => o.allowed).length;
  return { clock, take, admitted };
}

describe('createRateLimiters', () => {
  it('refills from the clock it was given', () => {
    const { clock, take } = setup();
    const spec = specFor({ rate: '1/s', burst: 1 });
    expect(take(spec).allowed).toBe(true);
    expect(take(spec).allowed).toBe(false);
    clock.advance(1_000);
    expect(take(spec).allowed).toBe(true);
  });

  it('shares tokens between endpoints that name the same bucket', () => {
    const { take } = setup();
    const orders = specFor({ rate: '1/s', burst: 2, bucket: 'partner' }, 'orders');
    const invoices = specFor({ rate: '1/s', burst: 2, bucket: 'partner' }, 'invoices');
    const other = specFor({ rate: '1/s', burst: 2 }, 'other');
    expect(take(orders, request(), '10.0.0.1', 'orders').allowed).toBe(true);
    expect(take(invoices, request(), '10.0.0.1', 'invoices').allowed).toBe(true);
    expect(take(orders, request(), '10.0.0.1', 'orders').allowed).toBe(false);
    expect(take(invoices, request(), '10.0.0.1', 'invoices').allowed).toBe(false);
    expect(take(other, request(), '10.0.0.1', 'other').allowed).toBe(true);
  });

  it('keeps separate buckets per endpoint by default, and one for key: global', () => {
    const { admitted } = setup();
    expect(admitted(specFor({ rate: '1/s' }, 'a'), 3) + admitted(specFor({ rate: '1/s' }, 'b'), 3)).toBe(2);
    expect(admitted(specFor({ rate: '1/s', key: 'global' }, 'a'), 3) + admitted(specFor({ rate: '1/s', key: 'global' }, 'b'), 3)).toBe(1);
  });

  it('isolates keys: one bucket per x-api-key value, and one shared by requests without it', () => {
    const { admitted } = setup();
    const spec = specFor({ rate: '1/s', burst: 2, key: 'header:X-API-Key' });
    expect(admitted(spec, 5, request({ headers: { 'x-api-key': 'alice' } }))).toBe(2);
    expect(admitted(spec, 5, request({ headers: { 'x-api-key': 'bob' } }))).toBe(2);
    expect(admitted(spec, 5, request({ headers: { 'x-api-key': ['carol', 'dave'] } }))).toBe(2);
    expect(admitted(spec, 1, request())).toBe(1);
    expect(admitted(spec, 5, request({ headers: { 'x-api-key': '' } }))).toBe(1);
  });

  it('keys by query parameter', () => {
    const { admitted } = setup();
    const spec = specFor({ rate: '1/s', key: 'query:tenant' });
    expect(admitted(spec, 3, request({ query: { tenant: 'a' } }))).toBe(1);
    expect(admitted(spec, 3, request({ query: { tenant: ['b', 'c'] } }))).toBe(1);
    expect(admitted(spec, 3, request({ query: { tenant: 'b' } }))).toBe(0);
  });

  it('keys by remote address, ignoring X-Forwarded-For', () => {
    const { admitted } = setup();
    const spec = specFor({ rate: '1/s', key: 'client' });
    expect(admitted(spec, 3, request({ headers: { 'x-forwarded-for': '1.1.1.1' } }), '10.0.0.1')).toBe(1);
    expect(admitted(spec, 3, request({ headers: { 'x-forwarded-for': '2.2.2.2' } }), '10.0.0.1')).toBe(0);
    expect(admitted(spec, 3, request(), '10.0.0.2')).toBe(1);
  });

  it('keys by session header, then session cookie, then remote address', () => {
    const { admitted } = setup();
    const spec = specFor({ rate: '1/s', key: 'session' });
    expect(admitted(spec, 3, request({ headers: { 'x-mimicus-session': 's1' } }))).toBe(1);
    expect(admitted(spec, 3, request({ cookies: { 'mimicus-session': 's1' } }), '10.0.0.9')).toBe(0);
    expect(admitted(spec, 3, request({ cookies: { 'mimicus-session': 's2' } }))).toBe(1);
    expect(admitted(spec, 3, request(), '10.0.0.1')).toBe(1);
    expect(admitted(spec, 3, request(), '10.0.0.1')).toBe(0);
  });

  it('prints the cost of take() (not asserted)', () => {
    const { take } = setup();
    const specs = {
      endpoint: specFor({ rate: '1000000/s' }),
      'header (1,000 keys)': specFor({ rate: '1000000/s', key: 'header:x-api-key' }),
    };
    const requests = Array.from({ length: 1_000 }, (_, i) => request({ headers: { 'x-api-key': `key-${i}` } }));
    const iterations = 1_000_000;
    for (const [name, spec] of Object.entries(specs)) {
      for (let i = 0; i < 100_000; i++) take(spec, requests[i % 1_000]); // warm up
      const started = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) take(spec, requests[i % 1_000]);
      const nsPerOp = Number(process.hrtime.bigint() - started) / iterations;
      console.log(`rate limiter take(), key ${name}: ${nsPerOp.toFixed(0)} ns/op`);
    }
  });
});

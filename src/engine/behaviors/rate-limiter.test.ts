import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import type { RateLimitConfig } from '../../config/index.js';
import type { MockRequest, RateLimitSpec } from '../../plan/index.js';
import { compileRateLimit } from '../../plan/behaviors/compile-rate-limit.js';
import { createRateLimiters, type RateLimitOutcome } from './rate-limiter.js';

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
  const limiters = createRateLimiters(clock);
  const take = (spec: RateLimitSpec, req = request(), client = '10.0.0.1', endpoint = 'users-get'): RateLimitOutcome =>
    limiters.take(spec, req, client, endpoint);
  const admitted = (spec: RateLimitSpec, count: number, req = request(), client = '10.0.0.1') =>
    Array.from({ length: count }, () => take(spec, req, client)).filter((o) => o.allowed).length;
  return { clock, take, admitted };
}

describe('createRateLimiters', () => {
  it('admits a burst, then refuses with the wait for the next token', () => {
    const { take, admitted } = setup();
    const spec = specFor({ rate: '10/s', burst: 3 });
    expect(take(spec)).toEqual({ allowed: true, remaining: 2, resetSeconds: 1 });
    expect(admitted(spec, 2)).toBe(2);
    expect(take(spec)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1, resetSeconds: 1 });
  });

  it('refills by elapsed time, counting fractions of a token', () => {
    const { clock, take } = setup();
    const spec = specFor({ rate: '2/s', burst: 1 });
    expect(take(spec).allowed).toBe(true);
    clock.advance(250); // half a token
    expect(take(spec).allowed).toBe(false);
    clock.advance(250); // the other half: the fraction from the refused take was kept
    expect(take(spec).allowed).toBe(true);
    expect(take(spec).allowed).toBe(false);
  });

  it('never fills beyond the burst however long it idles', () => {
    const { clock, admitted } = setup();
    const spec = specFor({ rate: '5/s', burst: 5 });
    admitted(spec, 5);
    clock.advance(3_600_000);
    expect(admitted(spec, 50)).toBe(5);
  });

  it('gives Retry-After in whole seconds, at least 1, for slow rates', () => {
    const { clock, take } = setup();
    const spec = specFor({ rate: '10/h' }); // one token every 360 s, burst 1
    take(spec);
    expect(take(spec)).toMatchObject({ allowed: false, retryAfterSeconds: 360, resetSeconds: 360 });
    clock.advance(359_500);
    expect(take(spec)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(500);
    expect(take(spec)).toEqual({ allowed: true, remaining: 0, resetSeconds: 360 });
  });

  it('admits rate × duration + burst (±1%) when hammered at 10× the rate for 20 s', () => {
    const { clock, take } = setup();
    const spec = specFor({ rate: '100/s' }); // burst 100
    let admittedCount = 0;
    for (let ms = 0; ms < 20_000; ms++) {
      if (take(spec).allowed) admittedCount++;
      clock.advance(1);
    }
    const expected = 100 * 20 + 100;
    expect(Math.abs(admittedCount - expected) / expected).toBeLessThan(0.01);
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

  it('forgets the least recently used key beyond maxKeys, which then starts full again', () => {
    const { take } = setup();
    const spec = specFor({ rate: '1/h', key: 'client', maxKeys: 2 });
    expect(take(spec, request(), 'a').allowed).toBe(true);
    expect(take(spec, request(), 'b').allowed).toBe(true);
    expect(take(spec, request(), 'a').allowed).toBe(false); // a is now the most recent
    expect(take(spec, request(), 'c').allowed).toBe(true); // evicts b
    expect(take(spec, request(), 'a').allowed).toBe(false);
    expect(take(spec, request(), 'b').allowed).toBe(true); // forgotten, so full again; evicts c
    expect(take(spec, request(), 'c').allowed).toBe(true);
  });

  it('does not drain a bucket when the clock steps back', () => {
    // A ManualClock only moves forward: this one's now() is overridden to misbehave.
    let nowMs = 10_000;
    const limiters = createRateLimiters(Object.assign(new ManualClock(), { now: () => nowMs }));
    const spec = specFor({ rate: '1/s', burst: 2 });
    limiters.take(spec, request(), '10.0.0.1', 'users-get');
    nowMs -= 5_000;
    expect(limiters.take(spec, request(), '10.0.0.1', 'users-get').allowed).toBe(true);
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

import { describe, expect, it } from 'vitest';
import type { RateLimitConfig } from '../../config/index.js';
import { compileRateLimit } from './compile-rate-limit.js';
import type { RateLimitSpec } from './types.js';

const compile = (config: RateLimitConfig) => compileRateLimit(config, 'endpoints[0].rateLimit', 'users-get');

function spec(config: RateLimitConfig): RateLimitSpec {
  const result = compile(config);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const staticResponse = (compiled: RateLimitSpec) => {
  if (compiled.rejection.type !== 'static') throw new Error('expected a static rejection');
  return compiled.rejection.response;
};

const header = (headers: readonly string[], name: string) => headers[headers.indexOf(name) + 1];

describe('compileRateLimit', () => {
  it.each([
    ['100/s', 100, 1, 100],
    ['6000/m', 100, 60, 6000],
    ['10/h', 10 / 3600, 3600, 10],
    ['5/ms', 5000, 0.001, 5],
    [' 1.5 / s ', 1.5, 1, 1.5],
  ])('reads %s as %d tokens per second, keeping the window and quota as written', (rate, tokensPerSecond, windowSeconds, quota) => {
    const compiled = spec({ rate });
    expect(compiled.tokensPerSecond).toBeCloseTo(tokensPerSecond, 12);
    expect(compiled.windowSeconds).toBe(windowSeconds);
    expect(compiled.quota).toBe(quota);
  });

  it.each([
    ['100/s', 100],
    ['6000/m', 100],
    ['10/h', 1],
    ['1.5/s', 2],
  ])('defaults the burst of %s to one second of rate, at least 1 (%d)', (rate, burst) => {
    expect(spec({ rate }).burst).toBe(burst);
  });

  it('keeps a configured burst, bucket and maxKeys', () => {
    expect(spec({ rate: '1/s', burst: 7, bucket: 'partner-api', maxKeys: 3 })).toMatchObject({
      burst: 7,
      bucket: 'partner-api',
      maxKeys: 3,
    });
  });

  it('names the bucket after the endpoint by default, and "global" for key: global', () => {
    expect(spec({ rate: '1/s' })).toMatchObject({ bucket: 'endpoint:users-get', maxKeys: 10_000, key: { kind: 'endpoint' } });
    expect(spec({ rate: '1/s', key: 'global' }).bucket).toBe('global');
  });

  it.each([
    ['client', { kind: 'client' }],
    ['session', { kind: 'session' }],
    ['header:X-API-Key', { kind: 'header', name: 'x-api-key' }],
    ['query:apiKey', { kind: 'query', name: 'apiKey' }],
    ['header:a:b', { kind: 'header', name: 'a:b' }],
  ])('parses key %s', (key, expected) => {
    expect(spec({ rate: '1/s', key }).key).toEqual(expected);
  });

  it('answers 429 with a problem+json body by default', () => {
    const response = staticResponse(spec({ rate: '100/s' }));
    expect(response.status).toBe(429);
    expect(header(response.headers, 'content-type')).toBe('application/problem+json');
    expect(JSON.parse(String(response.body))).toEqual({
      type: 'https://mimicus.dev/errors/RATE_LIMITED',
      title: 'Too Many Requests',
      status: 429,
      code: 'RATE_LIMITED',
      detail: 'rate limit 100/s exceeded',
    });
    expect(header(response.headers, 'content-length')).toBe(String(Buffer.byteLength(String(response.body))));
  });

  it('uses the configured status in the default body', () => {
    const response = staticResponse(spec({ rate: '6000 / m', status: 503 }));
    expect(response.status).toBe(503);
    expect(JSON.parse(String(response.body))).toMatchObject({ status: 503, detail: 'rate limit 6000/m exceeded' });
  });

  it('answers a configured json or body instead', () => {
    const json = staticResponse(spec({ rate: '1/s', json: { error: 'slow down' } }));
    expect(json.body).toBe('{"error":"slow down"}');
    expect(header(json.headers, 'content-type')).toBe('application/json');
    const text = staticResponse(spec({ rate: '1/s', status: 420, body: 'enhance your calm' }));
    expect(text.status).toBe(420);
    expect(text.body).toBe('enhance your calm');
    expect(header(text.headers, 'content-type')).toBe('text/plain; charset=utf-8');
  });

  it.each([
    [{ rate: '0/s' }, 'endpoints[0].rateLimit.rate', 'greater than 0'],
    [{ rate: '0.0/m' }, 'endpoints[0].rateLimit.rate', 'greater than 0'],
    [{ rate: 'fast' }, 'endpoints[0].rateLimit.rate', 'expected a rate'],
    [{ rate: '10/d' }, 'endpoints[0].rateLimit.rate', 'expected a rate'],
    [{ rate: '1/s', burst: 0 }, 'endpoints[0].rateLimit.burst', 'at least 1'],
    [{ rate: '1/s', burst: 1.5 }, 'endpoints[0].rateLimit.burst', 'at least 1'],
    [{ rate: '1/s', maxKeys: 0 }, 'endpoints[0].rateLimit.maxKeys', 'at least 1'],
    [{ rate: '1/s', key: 'cookie:x' }, 'endpoints[0].rateLimit.key', 'expected endpoint'],
    [{ rate: '1/s', key: 'header:' }, 'endpoints[0].rateLimit.key', 'expected endpoint'],
  ])('reports %j at its path', (config, path, message) => {
    const result = compile(config);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual([{ path, message: expect.stringContaining(message) }]);
  });

  it('reports every issue at once', () => {
    const result = compile({ rate: '0/s', burst: 0 });
    expect(result.ok ? [] : result.error.map((issue) => issue.path)).toEqual(['endpoints[0].rateLimit.rate', 'endpoints[0].rateLimit.burst']);
  });
});

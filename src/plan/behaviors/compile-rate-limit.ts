import type { ConfigIssue, RateLimitConfig, Result } from '../../config/index.js';
import { AppError, toProblem } from '../../errors/index.js';
import { prepareResponse } from '../responders/compile-response.js';
import type { RateLimitSpec } from './types.js';

const unitSeconds = { ms: 0.001, s: 1, m: 60, h: 3600 } as const;
type RateUnit = keyof typeof unitSeconds;

/** The schema checks the same pattern; this one also captures the parts. */
const ratePattern = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(ms|s|m|h)\s*$/;

const DEFAULT_MAX_KEYS = 10_000;
const DEFAULT_STATUS = 429;

interface ParsedRate {
  readonly quota: number;
  readonly unit: RateUnit;
  readonly windowSeconds: number;
}

function parseRate(text: string): ParsedRate | undefined {
  const match = ratePattern.exec(text);
  if (!match) return undefined;
  const unit = match[2] as RateUnit;
  return { quota: Number(match[1]), unit, windowSeconds: unitSeconds[unit] };
}

function parseKey(key: string | undefined): RateLimitSpec['key'] | undefined {
  if (key === undefined || key === 'endpoint') return { kind: 'endpoint' };
  if (key === 'global' || key === 'client' || key === 'session') return { kind: key };
  const separator = key.indexOf(':');
  const kind = key.slice(0, separator);
  const name = key.slice(separator + 1);
  if (separator < 0 || name === '') return undefined;
  // MockRequest header names are lower case; query names are case-sensitive, as on the wire.
  if (kind === 'header') return { kind, name: name.toLowerCase() };
  if (kind === 'query') return { kind, name };
  return undefined;
}

/**
 * The 429 answer, prepared once. Retry-After and the RateLimit fields depend on the bucket at
 * the moment of the request, so the engine appends them per request (`rateLimitHeaders`).
 */
function rejection(config: RateLimitConfig, rateText: string): RateLimitSpec['rejection'] {
  const status = config.status ?? DEFAULT_STATUS;
  if (config.json !== undefined) {
    return { type: 'static', response: prepareResponse(status, [], Buffer.from(JSON.stringify(config.json)), true) };
  }
  if (config.body !== undefined) {
    return { type: 'static', response: prepareResponse(status, [], Buffer.from(config.body), false) };
  }
  // A simulated limit is a mocked answer, not an engine failure: no x-mimicus-error header. The body
  // still uses our problem shape so clients written against real APIs see a familiar document.
  const problem = toProblem(new AppError('RATE_LIMITED', `rate limit ${rateText} exceeded`), { status });
  return {
    type: 'static',
    response: prepareResponse(status, [['content-type', 'application/problem+json']], Buffer.from(JSON.stringify(problem)), true),
  };
}

/**
 * Compiles a `rateLimit` block for the endpoint `owner`. `at` is the block's config path.
 *
 * - `burst` defaults to one second of the rate, at least 1, so "10/h" still admits a first request
 *   and "6000/m" allows 100 at once.
 * - `bucket` defaults to `endpoint:<owner>`, or `global` for `key: global` (one bucket for every
 *   endpoint that uses it); a named bucket is shared by every endpoint naming it.
 */
export function compileRateLimit(config: RateLimitConfig, at: string, owner: string): Result<RateLimitSpec, ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  const rate = parseRate(config.rate);
  if (rate === undefined) {
    issues.push({ path: `${at}.rate`, message: 'expected a rate like "100/s", "6000/m" or "10/h"' });
  } else if (!(rate.quota > 0)) {
    issues.push({ path: `${at}.rate`, message: 'must be greater than 0 (remove rateLimit to allow everything)' });
  }
  if (config.burst !== undefined && !(Number.isInteger(config.burst) && config.burst >= 1)) {
    issues.push({ path: `${at}.burst`, message: 'must be an integer of at least 1' });
  }
  if (config.maxKeys !== undefined && !(Number.isInteger(config.maxKeys) && config.maxKeys >= 1)) {
    issues.push({ path: `${at}.maxKeys`, message: 'must be an integer of at least 1' });
  }
  const key = parseKey(config.key);
  if (key === undefined) {
    issues.push({ path: `${at}.key`, message: 'expected endpoint, global, client, session, header:<name> or query:<name>' });
  }
  if (issues.length > 0 || rate === undefined || key === undefined) return { ok: false, error: issues };

  const tokensPerSecond = rate.quota / rate.windowSeconds;
  const rateText = `${rate.quota}/${rate.unit}`;
  return {
    ok: true,
    value: {
      tokensPerSecond,
      burst: config.burst ?? Math.max(1, Math.ceil(tokensPerSecond)),
      key,
      bucket: config.bucket ?? (key.kind === 'global' ? 'global' : `endpoint:${owner}`),
      maxKeys: config.maxKeys ?? DEFAULT_MAX_KEYS,
      scope: config.scope ?? 'cluster',
      rejection: rejection(config, rateText),
      windowSeconds: rate.windowSeconds,
      quota: rate.quota,
    },
  };
}

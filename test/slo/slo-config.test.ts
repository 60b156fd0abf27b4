import { describe, expect, it } from 'vitest';
import { validateConfigObject } from '../../src/config/index.js';
import { createMimicus } from '../../src/index.js';

const withSlo = (slo: unknown) => ({
  version: 2,
  upstreams: [{ id: 'backend', targets: [{ url: 'http://127.0.0.1:9' }], slo }],
  endpoints: [{ id: 'orders', path: '/orders', proxy: { upstream: 'backend' }, slo }],
});

const issuesOf = (slo: unknown) => {
  const result = validateConfigObject(withSlo(slo));
  // Upstreams first (sorted), whatever order the validator walks the config in.
  return result.ok
    ? []
    : result.error
        .map((issue) => `${issue.path}: ${issue.message}`)
        .sort()
        .reverse();
};

describe('slo: config', () => {
  it('takes percentages as "99.9%" or 99.9, latency targets by percentile and windows in days or hours', () => {
    for (const slo of [
      { availability: '99.9%', latency: { p99: '300ms' }, window: '30d' },
      { availability: 99.95 },
      { availability: ' 99 % ', window: '2160h' },
      { latency: { p50: 20, 'p99.9': '1s' }, window: '7d' },
    ]) {
      expect(issuesOf(slo), JSON.stringify(slo)).toEqual([]);
    }
  });

  it('refuses a share, 100%, unknown percentiles, long windows and unknown keys, naming the field', () => {
    expect(issuesOf({ availability: 0.999 })).toEqual([
      'upstreams[0].slo.availability: expected a percentage from 50 to under 100, like "99.9%" or 99.9 (not a share like 0.999)',
      'endpoints[0].slo.availability: expected a percentage from 50 to under 100, like "99.9%" or 99.9 (not a share like 0.999)',
    ]);
    expect(issuesOf({ availability: '100%' })[0]).toMatch(/^upstreams\[0\]\.slo\.availability: expected a percentage/);
    expect(issuesOf({ latency: { p100: '1s' } })[0]).toMatch(/^upstreams\[0\]\.slo\.latency: expected one to four targets/);
    expect(issuesOf({ latency: { p99: 'soon' } })[0]).toMatch(/^upstreams\[0\]\.slo\.latency\.p99: expected a duration/);
    expect(issuesOf({ availability: '99%', window: '91d' })[0]).toMatch(/^upstreams\[0\]\.slo\.window: expected a window of whole days or hours/);
    expect(issuesOf({ availability: '99%', window: '30m' })[0]).toMatch(/slo\.window/);
    expect(issuesOf({ availability: '99%', budget: 1 })[0]).toMatch(/^upstreams\[0\]\.slo\.budget: unknown key/);
  });

  it('refuses an slo with a window and no objective when the Plan is built', async () => {
    await expect(createMimicus(withSlo({ window: '30d' }), { dataDir: false, admin: false })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(createMimicus(withSlo({}), { dataDir: false, admin: false })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      issues: expect.arrayContaining([
        expect.objectContaining({ path: 'endpoints[0].slo', message: expect.stringMatching(/needs an objective/) }),
        expect.objectContaining({ path: 'upstreams[0].slo' }),
      ]),
    });
  });
});

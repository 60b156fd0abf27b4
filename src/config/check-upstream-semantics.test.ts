import { describe, expect, it } from 'vitest';
import { validateConfigObject } from './validate-config-object.js';

const upstream = { id: 'orders-backend', targets: [{ url: 'http://127.0.0.1:9001', weight: 3 }, { url: 'http://127.0.0.1:9002' }] };
// Schema problems come before semantic ones; within the test, order by path so a case reads as a set.
const problems = (config: Record<string, unknown>) => {
  const result = validateConfigObject({ version: 2, ...config });
  return result.ok ? [] : [...result.error].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
};

describe('upstreams and proxy in a config', () => {
  it('accepts upstreams with every balancing kind and endpoints that proxy to them', () => {
    expect(
      problems({
        upstreams: [
          {
            ...upstream,
            balance: 'least-connections',
            health: { path: '/health', interval: '250ms', outlier: { consecutive5xx: 3 } },
            pool: { connections: 8, connectTimeout: '1s' },
          },
          {
            id: 'hash',
            targets: [{ url: 'https://a.example:8443/base' }],
            balance: { 'consistent-hash': { key: 'header:x-user', virtualNodes: 100 } },
            tls: { insecure: true },
          },
        ],
        endpoints: [
          {
            id: 'orders',
            path: '/api/orders/**',
            proxy: { upstream: 'orders-backend', stripPrefix: '/api', headers: { set: { 'x-from': 'mimicus' }, remove: ['cookie'] } },
          },
          { id: 'direct', path: '/direct/**', proxy: { url: 'http://127.0.0.1:9100', path: '/v2/{{request.params.rest}}', timeout: '2s' } },
        ],
        server: { unmatched: { proxy: { upstream: 'hash' } } },
      }),
    ).toEqual([]);
  });

  it('names an unknown upstream with the closest declared id', () => {
    expect(problems({ upstreams: [upstream], endpoints: [{ id: 'a', path: '/a', proxy: { upstream: 'orders-backnd' } }] })).toEqual([
      { path: 'endpoints[0].proxy.upstream', message: 'no upstream has id "orders-backnd" (did you mean "orders-backend"?)' },
    ]);
    expect(problems({ server: { unmatched: { proxy: { upstream: 'x' } } } })).toEqual([
      { path: 'server.unmatched.proxy.upstream', message: 'no upstream has id "x" (no upstreams are declared)' },
    ]);
  });

  it('refuses a proxy together with another responder, or with both upstream and url', () => {
    expect(
      problems({ upstreams: [upstream], endpoints: [{ id: 'a', path: '/a', response: {}, proxy: { upstream: 'orders-backend', url: 'http://x:1' } }] }),
    ).toEqual([
      {
        path: 'endpoints[0].proxy',
        message:
          'cannot be used together with response (an endpoint has exactly one of response, variants, sequence, crud, responses, proxy; response may also be the fallback of responses)',
      },
      { path: 'endpoints[0].proxy.url', message: 'cannot be used together with upstream (a proxy forwards to one of them)' },
    ]);
  });

  it('refuses duplicate ids and targets, credentials in URLs and unknown balancers', () => {
    expect(
      problems({
        upstreams: [
          { id: 'u', targets: [{ url: 'http://a:1' }, { url: 'http://a:1/' }] },
          { id: 'u', targets: [{ url: 'http://user:pw@a:1' }], balance: 'fastest' },
        ],
      }),
    ).toEqual([
      { path: 'upstreams[0].targets[1].url', message: 'duplicate target http://a:1/', related: [{ path: 'upstreams[0].targets[0].url' }] },
      {
        path: 'upstreams[1].balance',
        message: 'expected round-robin, weighted-round-robin, random, least-connections, latency-adaptive or { consistent-hash: { key, virtualNodes } }',
      },
      { path: 'upstreams[1].id', message: 'duplicate upstream id "u"', related: [{ path: 'upstreams[0].id' }] },
      { path: 'upstreams[1].targets[0].url', message: 'must not carry credentials; set an Authorization header with proxy.headers.set' },
    ]);
  });

  it('refuses target URLs with a query and a hash key it cannot read', () => {
    expect(problems({ upstreams: [{ id: 'u', targets: [{ url: 'http://a:1/?x=1' }], balance: { 'consistent-hash': { key: 'body' } } }] })).toEqual([
      { path: 'upstreams[0].balance["consistent-hash"].key', message: 'expected client, session, path, header:<name>, cookie:<name> or query:<name>' },
      { path: 'upstreams[0].targets[0].url', message: 'expected an http:// or https:// URL like "http://127.0.0.1:9001" (no query, fragment or spaces)' },
    ]);
  });
});

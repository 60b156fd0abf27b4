import { describe, expect, it } from 'vitest';
import { findUpstreamReferences } from './upstream-references.js';

describe('findUpstreamReferences', () => {
  it('lists proxy and fallback upstreams of endpoints and the unmatched proxy, naming the endpoint', () => {
    const config = {
      upstreams: [{ id: 'u' }, { id: 'v' }],
      endpoints: [
        { id: 'a', path: '/a', proxy: { upstream: 'u' } },
        { id: 'b', path: '/b', proxy: { upstream: 'v' }, fallback: { upstream: 'u' } },
        { id: 'c', path: '/c', proxy: { url: 'http://u:1' } },
      ],
      server: { unmatched: { proxy: { upstream: 'u' } } },
    };
    expect(findUpstreamReferences(config, 'u')).toEqual([
      { path: 'endpoints[0].proxy.upstream', endpoint: 'a' },
      { path: 'endpoints[1].fallback.upstream', endpoint: 'b' },
      { path: 'server.unmatched.proxy.upstream' },
    ]);
    expect(findUpstreamReferences(config, 'v')).toEqual([{ path: 'endpoints[1].proxy.upstream', endpoint: 'b' }]);
    expect(findUpstreamReferences(config, 'w')).toEqual([]);
  });

  it('reads an unchecked document without throwing', () => {
    expect(findUpstreamReferences(null, 'u')).toEqual([]);
    expect(findUpstreamReferences({ endpoints: 'x', server: [] }, 'u')).toEqual([]);
    expect(findUpstreamReferences({ endpoints: [null, { proxy: { upstream: 'u' } }] }, 'u')).toEqual([{ path: 'endpoints[1].proxy.upstream' }]);
  });
});

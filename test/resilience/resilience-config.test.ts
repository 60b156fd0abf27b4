import { describe, expect, it } from 'vitest';
import { checkSemantics } from '../../src/config/check-semantics.js';

const upstreams = [
  { id: 'api', targets: [{ url: 'http://127.0.0.1:1' }] },
  { id: 'spare', targets: [{ url: 'http://127.0.0.1:2' }] },
];

describe('fallback rules the schema cannot say', () => {
  it('needs proxy, names a declared other upstream, and has at most one body', () => {
    const issues = checkSemantics({
      version: 2,
      upstreams,
      endpoints: [
        { id: 'a', path: '/a', response: { body: 'x' }, fallback: { status: 200 } },
        { id: 'b', path: '/b', proxy: { upstream: 'api' }, fallback: { upstream: 'spares' } },
        { id: 'c', path: '/c', proxy: { upstream: 'api' }, fallback: { upstream: 'api' } },
        { id: 'd', path: '/d', proxy: { upstream: 'api' }, fallback: { body: 'x', json: {} } },
        { id: 'e', path: '/e', proxy: { upstream: 'api' }, fallback: { upstream: 'spare' } },
      ],
    });
    expect(issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      'endpoints[0].fallback: needs proxy: a fallback answers when the backend fails',
      'endpoints[1].fallback.upstream: no upstream has id "spares" (did you mean "spare"?)',
      'endpoints[2].fallback.upstream: must name another upstream than proxy.upstream',
      expect.stringMatching(/^endpoints\[3\]\.fallback/),
    ]);
  });
});

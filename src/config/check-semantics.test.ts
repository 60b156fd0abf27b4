import { describe, expect, it } from 'vitest';
import { checkSemantics } from './check-semantics.js';

describe('checkSemantics', () => {
  it('wants exactly one of response, variants, sequence, crud', () => {
    expect(checkSemantics({ endpoints: [{ id: 'a' }, { id: 'b', response: {}, sequence: {}, variants: [] }] })).toEqual([
      { path: 'endpoints[0]', message: 'needs one of response, variants, sequence, crud, responses, proxy (none is given)' },
      {
        path: 'endpoints[1].variants',
        message:
          'cannot be used together with response (an endpoint has exactly one of response, variants, sequence, crud, responses, proxy; response may also be the fallback of responses)',
      },
      {
        path: 'endpoints[1].sequence',
        message:
          'cannot be used together with response (an endpoint has exactly one of response, variants, sequence, crud, responses, proxy; response may also be the fallback of responses)',
      },
    ]);
  });

  it('allows at most one body in every response', () => {
    const twoBodies = { body: 'x', bodyFile: 'y.json' };
    expect(
      checkSemantics({
        server: { unmatched: { response: twoBodies } },
        endpoints: [
          { id: 'a', variants: [{ response: twoBodies }] },
          { id: 'b', sequence: { responses: [{}, twoBodies] } },
        ],
      }).map((issue) => issue.path),
    ).toEqual(['endpoints[0].variants[0].response.bodyFile', 'endpoints[1].sequence.responses[1].bodyFile', 'server.unmatched.response.bodyFile']);
  });

  it('names both places of a duplicate endpoint id', () => {
    expect(
      checkSemantics({
        endpoints: [
          { id: 'x', response: {} },
          { id: 'y', response: {} },
          { id: 'x', response: {} },
        ],
      }),
    ).toEqual([{ path: 'endpoints[2].id', message: 'duplicate endpoint id "x"', related: [{ path: 'endpoints[0].id' }] }]);
  });

  it('compiles every predicate regex, however deep', () => {
    const match = { any: [{ headers: { h: { not: { regex: '(' } } } }], body: { jsonPath: '$.a', value: { all: [{ regex: '[', flags: 'u' }] } } };
    expect(checkSemantics({ endpoints: [{ id: 'a', response: {}, match }] })).toEqual([
      { path: 'endpoints[0].match.body.value.all[0].regex', message: 'does not compile: missing closing ]: `[`' },
      { path: 'endpoints[0].match.any[0].headers.h.not.regex', message: 'does not compile: missing closing ): `(`' },
    ]);
  });

  it('checks regexes as RE2 runs them: lookaround refused by name, RE2-only syntax accepted', () => {
    const match = { headers: { 'x-tenant': { regex: '^t-(?=acme)' }, 'x-id': { regex: '(?i)^[[:alpha:]]+$' } } };
    expect(checkSemantics({ endpoints: [{ id: 'a', response: {}, match }] })).toEqual([
      {
        path: 'endpoints[0].match.headers["x-tenant"].regex',
        message: expect.stringMatching(/^does not compile: lookahead "\(\?=" is not supported: patterns use RE2 syntax/),
      },
    ]);
  });

  it('ignores data the schema will refuse anyway', () => {
    expect(checkSemantics('nope')).toEqual([]);
    expect(checkSemantics({ endpoints: [null, 3, { id: 'a', response: {}, match: { body: 5 } }] })).toEqual([]);
  });
});

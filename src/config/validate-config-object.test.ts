import { describe, expect, it } from 'vitest';
import { validateConfigObject } from './validate-config-object.js';

describe('validateConfigObject', () => {
  it('accepts a valid config object', () => {
    const config = { version: 2, endpoints: [{ id: 'a', path: '/a', response: { status: 204 } }] };
    expect(validateConfigObject(config)).toEqual({ ok: true, value: config });
  });

  it('reports schema and semantic problems together, by path, without locations', () => {
    const result = validateConfigObject({
      version: 2,
      endpoints: [
        { id: 'a', path: '/a', response: { status: 99 } },
        { id: 'a', path: '/b', response: {}, variants: [{ weight: 1, response: {} }] },
      ],
    });
    expect(result).toEqual({
      ok: false,
      error: [
        { path: 'endpoints[0].response.status', message: 'must be an integer 100-599' },
        { path: 'endpoints[1].id', message: 'duplicate endpoint id "a"', related: [{ path: 'endpoints[0].id' }] },
        {
          path: 'endpoints[1].variants',
          message:
            'cannot be used together with response (an endpoint has exactly one of response, variants, sequence, crud, responses, proxy; response may also be the fallback of responses)',
        },
      ],
    });
  });

  it('checks the version first', () => {
    expect(validateConfigObject({ version: 3 })).toEqual({ ok: false, error: [{ path: 'version', message: '3 is newer than this Mimicus reads (2)' }] });
  });
});

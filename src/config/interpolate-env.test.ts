import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeEnvReferences, interpolateEnv, isSingleReference } from './interpolate-env.js';

describe('interpolateEnv', () => {
  const env = { HOST: 'example.test', EMPTY: '', PORT: '8080' };

  it('replaces variables and uses defaults when unset or empty', () => {
    expect(interpolateEnv('http://${HOST}:${PORT}/', env)).toEqual({ value: 'http://example.test:8080/', missing: [], malformed: [] });
    expect(interpolateEnv('${NOPE:-fallback}', env).value).toBe('fallback');
    expect(interpolateEnv('${EMPTY:-fallback}', env).value).toBe('fallback');
    expect(interpolateEnv('${EMPTY}', env)).toEqual({ value: '', missing: [], malformed: [] });
    expect(interpolateEnv('${NOPE:-}', env).value).toBe('');
  });

  it('reads $${ as a literal ${', () => {
    expect(interpolateEnv('$${HOST} is ${HOST}', env).value).toBe('${HOST} is example.test');
  });

  it('names variables that are unset and have no default', () => {
    expect(interpolateEnv('${A}-${HOST}-${B}', env)).toEqual({ value: '-example.test-', missing: ['A', 'B'], malformed: [] });
  });

  it('reports references that are not ${NAME} or ${NAME:-default}', () => {
    expect(interpolateEnv('${not a name}', env).malformed).toEqual(['${not a name}']);
    expect(interpolateEnv('x ${UNCLOSED', env).malformed).toEqual(['${UNCLOSED']);
  });

  it('leaves text without references alone', () => {
    expect(interpolateEnv('price: $5 {x}', env).value).toBe('price: $5 {x}');
  });
});

describe('isSingleReference', () => {
  it('is true only for text that is exactly one reference', () => {
    expect(isSingleReference('${PORT:-8080}')).toBe(true);
    expect(isSingleReference('${A}${B}')).toBe(false);
    expect(isSingleReference('x${A}')).toBe(false);
  });

  it('reads an escaped value back exactly, whatever it holds and whatever the environment says', () => {
    const env = { HOME: '/home/someone', X: 'x' };
    for (const value of ['${HOME}', '$${HOME}', '$', '$$', '${', '}${X:-d}$', 'a$${b}${c']) {
      expect(interpolateEnv(escapeEnvReferences(value), env)).toEqual({ value, missing: [], malformed: [] });
    }
    fc.assert(
      fc.property(fc.stringMatching(/^[${}A-Za-z:\-]*$/), (value) => {
        const read = interpolateEnv(escapeEnvReferences(value), env);
        return read.value === value && read.missing.length === 0 && read.malformed.length === 0;
      }),
      { numRuns: 2000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { interpolateEnv, isSingleReference } from './interpolate-env.js';

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
});

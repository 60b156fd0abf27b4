import { describe, expect, it } from 'vitest';
import { formatPath, parsePath } from './issue-path.js';

describe('formatPath / parsePath', () => {
  it('writes dotted keys with indexes and quotes keys that are not identifiers', () => {
    expect(formatPath(['endpoints', 3, 'response', 'status'])).toBe('endpoints[3].response.status');
    expect(formatPath(['endpoints', 0, 'match', 'headers', 'x-tenant'])).toBe('endpoints[0].match.headers["x-tenant"]');
    expect(formatPath(['$schema'])).toBe('$schema');
    expect(formatPath(['headers', '200'])).toBe('headers["200"]');
    expect(formatPath([])).toBe('');
  });

  it('reads back what it writes', () => {
    const paths = [['endpoints', 3, 'response', 'status'], ['a', 'x "y"', 0, 1, 'b'], ['headers', '200'], []];
    for (const segments of paths) expect(parsePath(formatPath(segments))).toEqual(segments);
  });

  it('refuses text that is not a path', () => {
    expect(parsePath('endpoints[x]')).toBeUndefined();
    expect(parsePath('.a')).toBeUndefined();
    expect(parsePath('a..b')).toBeUndefined();
  });
});

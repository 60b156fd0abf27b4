import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from './find-json-syntax-error.js';

describe('findJsonSyntaxError', () => {
  it('accepts JSON', () => {
    expect(findJsonSyntaxError('{"a": [1, -2.5e3, true, null, "x\\n\\u00e9"], "b": {}}')).toBeUndefined();
    expect(findJsonSyntaxError('  []  ')).toBeUndefined();
  });

  it('finds what YAML would accept but JSON does not, with the offset', () => {
    expect(findJsonSyntaxError('{"a": 1 "b": 2}')).toEqual({ offset: 8, message: 'expected "," or "}" after a property value, found a string' });
    expect(findJsonSyntaxError('[1, 2,]')).toEqual({ offset: 6, message: 'expected a value in a list, found "]"' });
    expect(findJsonSyntaxError("{'a': 1}")).toEqual({ offset: 1, message: 'expected a double-quoted property name, found "\'"' });
    expect(findJsonSyntaxError('{"a": 1} // note')).toEqual({ offset: 9, message: 'unexpected "/" after the end of the JSON value' });
  });

  it('reports unterminated input', () => {
    expect(findJsonSyntaxError('{"a": "b')).toEqual({ offset: 8, message: 'unterminated string' });
    expect(findJsonSyntaxError('')).toEqual({ offset: 0, message: 'expected a value at the start, found the end of the input' });
  });
});

import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { editConfigDocument } from './edit-config-document.js';

const edited = (text: string, previous: Record<string, unknown>, next: Record<string, unknown>) => {
  const doc = parseDocument(text);
  editConfigDocument(doc, previous, next);
  return doc.toString();
};

describe('editConfigDocument', () => {
  it('finds number-looking keys by their text instead of adding a duplicate', () => {
    const text = 'x:\n  200: ok # kept\n  404: gone\n';
    expect(edited(text, { x: { '200': 'ok', '404': 'gone' } }, { x: { '200': 'ok', '404': 'missing' } })).toBe('x:\n  200: ok # kept\n  404: missing\n');
  });

  it('replaces a map built with a << merge whole, so a removed merged key is really gone', () => {
    const text = 'base: &base { a: 1, b: 2 }\nx:\n  <<: *base\n  c: 3\n';
    const result = edited(text, { base: { a: 1, b: 2 }, x: { a: 1, b: 2, c: 3 } }, { base: { a: 1, b: 2 }, x: { a: 1, c: 3 } });
    expect(parseDocument(result).toJS({ maxAliasCount: -1 })).toEqual({ base: { a: 1, b: 2 }, x: { a: 1, c: 3 } });
  });

  it('escapes ${ in what it writes, at any depth, and leaves keys alone', () => {
    const result = edited('x: 1\n', { x: 1 }, { x: { '${key}': ['${HOME}', 'plain'] } });
    expect(result).toBe('x:\n  ${key}:\n    - $${HOME}\n    - plain\n');
  });
});

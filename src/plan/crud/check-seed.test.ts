import { describe, expect, it } from 'vitest';
import { checkSeed, type SeedCheck } from './check-seed.js';

const check: SeedCheck = { name: 'users.json', at: 'endpoints[0].crud.seed', keyField: 'id', validate: undefined };
const messages = (result: ReturnType<typeof checkSeed>): string[] => ('issues' in result ? result.issues.map((issue) => issue.message) : []);

describe('checkSeed', () => {
  it('returns the items of a valid seed, ids optional', () => {
    expect(checkSeed('[{"id": 1}, {"id": "b"}, {"name": "no id"}]', check)).toEqual({ items: [{ id: 1 }, { id: 'b' }, { name: 'no id' }] });
  });

  it('points at a syntax error by line and column', () => {
    expect(messages(checkSeed('[\n  {"id": 1,}\n]', check))).toEqual([expect.stringMatching(/^"users.json" is not JSON: .* \(users\.json:2:12\)$/)]);
  });

  it('refuses what is not an array, items that are not objects and ids that cannot be keys', () => {
    expect(messages(checkSeed('{"id": 1}', check))).toEqual(['"users.json" must hold a JSON array of objects, not object']);
    expect(messages(checkSeed('[\n  1,\n  {"id": "a/b"},\n  {"id": ""}\n]', check))).toEqual([
      'item 0 of "users.json": is not an object (users.json:2:3)',
      'item 1 of "users.json": id must be a non-empty string (without /) or a number (users.json:3:3)',
      'item 2 of "users.json": id must be a non-empty string (without /) or a number (users.json:4:3)',
    ]);
  });

  it('names the item that first took a duplicate id (1 and "1" are one key)', () => {
    expect(messages(checkSeed('[{"id": 1}, {"id": "1"}]', check))).toEqual(['item 1 of "users.json": id "1" is taken by item 0 (users.json:1:13)']);
  });

  it('checks items against the collection schema, and counts problems past ten', () => {
    const validate: SeedCheck['validate'] = (item) =>
      typeof (item as { name?: unknown }).name === 'string'
        ? { ok: true }
        : { ok: false, errors: [{ path: '/', message: "must have required property 'name'" }] };
    const seed = JSON.stringify(Array.from({ length: 12 }, (_, i) => ({ id: i })));
    const found = messages(checkSeed(seed, { ...check, validate }));
    expect(found).toHaveLength(11);
    expect(found[0]).toBe(`item 0 of "users.json": must have required property 'name' (the collection's schema) (users.json:1:2)`);
    expect(found[10]).toBe('"users.json": 2 more item problems');
  });
});

import { describe, expect, it } from 'vitest';
import type { StateStore, StateStoreOptions } from './state-store.js';
import { freshStores } from './contract-kit-for-tests.js';

/**
 * The StateStore contract, part one (part two: state-store-expiry.contract.ts): the behavior every
 * `StateStore` implementation shares. Each adapter's test calls it with a
 * factory that opens a fresh, empty store using the given options.
 */
export function describeStateStore(name: string, open: (options: StateStoreOptions) => Promise<StateStore>): void {
  describe(`${name} StateStore`, () => {
    const fresh = freshStores(open);

    describe('get and set', () => {
      it('returns undefined for a key never written', async () => {
        const store = await fresh();
        expect(await store.get('global:missing')).toBeUndefined();
      });

      it.each([
        ['a nested object', { user: { id: 7, tags: ['a', 'b'], address: { city: 'Berlin', zip: null } } }],
        ['an array of mixed values', [1, 'two', true, null, { three: 3 }, [4.5, -6e-7]]],
        ['an integer', 42],
        ['a negative fraction', -0.125],
        ['a large number', 1.7976931348623157e308],
        ['true', true],
        ['false', false],
        ['null', null],
        ['an empty string', ''],
        ['a string with quotes, newlines and emoji', 'say "hi"\n\t😀 — ünïcödé'],
        ['an empty object', {}],
        ['an empty array', []],
      ])('round-trips %s', async (_, value) => {
        const store = await fresh();
        await store.set('global:value', value);
        expect(await store.get('global:value')).toEqual(value);
      });

      it('returns a copy, so changing what was read or written does not change the store', async () => {
        const store = await fresh();
        const written = { items: [1, 2] };
        await store.set('k', written);
        written.items.push(3);
        const read = (await store.get('k')) as { items: number[] };
        read.items.push(4);
        expect(await store.get('k')).toEqual({ items: [1, 2] });
      });

      it('replaces the previous value', async () => {
        const store = await fresh();
        await store.set('k', { v: 1 });
        await store.set('k', 'second');
        expect(await store.get('k')).toBe('second');
      });

      it.each([
        ['undefined', undefined, '$ is undefined'],
        ['NaN', NaN, '$ is NaN'],
        ['Infinity nested in an array', { a: [1, Infinity] }, '$.a[1] is Infinity'],
        ['a function', { f: () => 1 }, '$.f is function'],
        ['a Date', { at: new Date(0) }, '$.at is a Date'],
        ['a Map', new Map(), '$ is a Map'],
        ['a bigint', 1n, '$ is bigint'],
        ['undefined inside an object', { a: undefined }, '$.a is undefined'],
      ])('refuses %s with STATE_VALUE_INVALID instead of storing something else', async (_, value, where) => {
        const store = await fresh();
        await store.set('k', 'before');
        const error = await store.set('k', value).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'STATE_VALUE_INVALID', status: 500 });
        expect((error as Error).message).toContain(where);
        expect(await store.get('k')).toBe('before');
      });

      it('refuses a cyclic value', async () => {
        const store = await fresh();
        const cycle: Record<string, unknown> = {};
        cycle.self = cycle;
        await expect(store.set('k', cycle)).rejects.toMatchObject({ code: 'STATE_VALUE_INVALID' });
      });

      it('accepts the same object twice in one value (shared, not cyclic)', async () => {
        const store = await fresh();
        const shared = { n: 1 };
        await store.set('k', { a: shared, b: shared });
        expect(await store.get('k')).toEqual({ a: { n: 1 }, b: { n: 1 } });
      });

      it('refuses a key with a lone surrogate, which UTF-8 storage would change', async () => {
        const store = await fresh();
        await expect(store.set('bad\uD800', 1)).rejects.toMatchObject({ code: 'STATE_VALUE_INVALID' });
      });

      it('keeps keys apart that differ only in case, spaces or unicode', async () => {
        const store = await fresh();
        await store.apply([
          { kind: 'set', key: 'k', value: 1 },
          { kind: 'set', key: 'K', value: 2 },
          { kind: 'set', key: 'k ', value: 3 },
          { kind: 'set', key: 'k😀', value: 4 },
        ]);
        expect([await store.get('k'), await store.get('K'), await store.get('k '), await store.get('k😀')]).toEqual([1, 2, 3, 4]);
      });
    });

    describe('getMany', () => {
      it('returns the live values among the keys in one call, leaving out absent ones', async () => {
        const store = await fresh();
        await store.set('a', 1);
        await store.set('b', { two: 2 });
        const found = await store.getMany(['a', 'b', 'missing', 'a']);
        expect(Object.fromEntries(found)).toEqual({ a: 1, b: { two: 2 } });
      });

      it('returns an empty map for no keys', async () => {
        const store = await fresh();
        expect((await store.getMany([])).size).toBe(0);
      });

      it('reads hundreds of keys at once', async () => {
        const store = await fresh();
        const keys = Array.from({ length: 500 }, (_, i) => `k:${i}`);
        await store.apply(keys.map((key, i) => ({ kind: 'set' as const, key, value: i })));
        const found = await store.getMany(keys);
        expect(found.size).toBe(500);
        expect(found.get('k:499')).toBe(499);
      });
    });

    describe('delete', () => {
      it('removes a key and says whether it was there', async () => {
        const store = await fresh();
        await store.set('k', 1);
        expect(await store.delete('k')).toBe(true);
        expect(await store.get('k')).toBeUndefined();
        expect(await store.delete('k')).toBe(false);
      });
    });

    describe('increment', () => {
      it('starts a missing key at 0 and adds 1 by default', async () => {
        const store = await fresh();
        expect(await store.increment('seq')).toBe(1);
        expect(await store.increment('seq')).toBe(2);
        expect(await store.get('seq')).toBe(2);
      });

      it('adds any safe integer step, negative too', async () => {
        const store = await fresh();
        await store.set('n', 10);
        expect(await store.increment('n', 5)).toBe(15);
        expect(await store.increment('n', -20)).toBe(-5);
      });

      it('gives 1,000 concurrent calls 1,000 distinct values', async () => {
        const store = await fresh();
        const values = await Promise.all(Array.from({ length: 1000 }, () => store.increment('global:seq')));
        expect(new Set(values).size).toBe(1000);
        expect(Math.min(...values)).toBe(1);
        expect(Math.max(...values)).toBe(1000);
        expect(await store.get('global:seq')).toBe(1000);
      });

      it('refuses to increment a value that is not an integer, leaving it unchanged', async () => {
        const store = await fresh();
        await store.set('s', 'text');
        await store.set('f', 1.5);
        await expect(store.increment('s')).rejects.toMatchObject({ code: 'STATE_VALUE_INVALID' });
        await expect(store.increment('f')).rejects.toMatchObject({ code: 'STATE_VALUE_INVALID' });
        expect(await store.get('s')).toBe('text');
      });

      it('refuses a fractional step and an overflow past the safe integer range', async () => {
        const store = await fresh();
        await expect(store.increment('n', 0.5)).rejects.toMatchObject({ code: 'STATE_VALUE_INVALID' });
        await store.set('big', Number.MAX_SAFE_INTEGER);
        await expect(store.increment('big')).rejects.toMatchObject({ code: 'STATE_VALUE_INVALID' });
        expect(await store.get('big')).toBe(Number.MAX_SAFE_INTEGER);
      });
    });

    describe('compareAndSet', () => {
      it('writes when the key is absent and expected is undefined', async () => {
        const store = await fresh();
        expect(await store.compareAndSet('lock', undefined, 'me')).toBe(true);
        expect(await store.get('lock')).toBe('me');
        expect(await store.compareAndSet('lock', undefined, 'you')).toBe(false);
        expect(await store.get('lock')).toBe('me');
      });

      it('writes only when the current value equals expected', async () => {
        const store = await fresh();
        await store.set('state', 'browsing');
        expect(await store.compareAndSet('state', 'paid', 'shipped')).toBe(false);
        expect(await store.get('state')).toBe('browsing');
        expect(await store.compareAndSet('state', 'browsing', 'carted')).toBe(true);
        expect(await store.get('state')).toBe('carted');
      });

      it('compares by JSON equality, ignoring object key order', async () => {
        const store = await fresh();
        await store.set('doc', { a: 1, b: [1, { c: null }] });
        expect(await store.compareAndSet('doc', { b: [1, { c: null }], a: 1 }, { v: 2 })).toBe(true);
        expect(await store.compareAndSet('doc', { v: 2, extra: true }, 'no')).toBe(false);
        expect(await store.compareAndSet('doc', [2], 'no')).toBe(false);
        expect(await store.get('doc')).toEqual({ v: 2 });
      });

      it('treats a stored null as present, not absent', async () => {
        const store = await fresh();
        await store.set('k', null);
        expect(await store.compareAndSet('k', undefined, 1)).toBe(false);
        expect(await store.compareAndSet('k', null, 1)).toBe(true);
      });

      it('fails on an absent key when a value is expected', async () => {
        const store = await fresh();
        expect(await store.compareAndSet('k', null, 1)).toBe(false);
        expect(await store.get('k')).toBeUndefined();
      });

      it('lets exactly one of many concurrent writers win', async () => {
        const store = await fresh();
        const wins = await Promise.all(Array.from({ length: 100 }, (_, i) => store.compareAndSet('leader', undefined, i)));
        expect(wins.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('list and deletePrefix', () => {
      it('lists the entries under a prefix, sorted by key, and no others', async () => {
        const store = await fresh();
        await store.apply([
          { kind: 'set', key: 'a:2', value: 2 },
          { kind: 'set', key: 'ab:1', value: 'other scope' },
          { kind: 'set', key: 'a:10', value: 10 },
          { kind: 'set', key: 'a:1', value: { one: 1 } },
          { kind: 'set', key: 'a', value: 'no colon' },
          { kind: 'set', key: 'b:1', value: 'b' },
        ]);
        expect(await store.list('a:')).toEqual([
          { key: 'a:1', value: { one: 1 } },
          { key: 'a:10', value: 10 },
          { key: 'a:2', value: 2 },
        ]);
        expect((await store.list('')).map((e) => e.key)).toEqual(['a', 'a:1', 'a:10', 'a:2', 'ab:1', 'b:1']);
        expect(await store.list('zz:')).toEqual([]);
      });

      it('honours limit', async () => {
        const store = await fresh();
        await store.apply(['c', 'a', 'b'].map((k) => ({ kind: 'set' as const, key: `p:${k}`, value: k })));
        expect((await store.list('p:', { limit: 2 })).map((e) => e.key)).toEqual(['p:a', 'p:b']);
        expect(await store.list('p:', { limit: 0 })).toEqual([]);
        await expect(store.list('p:', { limit: -1 })).rejects.toMatchObject({ code: 'STATE_VALUE_INVALID' });
      });

      it('sorts keys in code point order and lists prefixes ending in any character', async () => {
        const store = await fresh();
        const keys = ['x\uFFFF', 'x😀', 'x\uE000', 'x\u00e9', 'xz', 'x\uD7FF', 'x\u{10FFFF}', 'x\u{10FFFF}a'];
        await store.apply(keys.map((key) => ({ kind: 'set' as const, key, value: 1 })));
        expect((await store.list('x')).map((e) => e.key)).toEqual(['xz', 'x\u00e9', 'x\uD7FF', 'x\uE000', 'x\uFFFF', 'x😀', 'x\u{10FFFF}', 'x\u{10FFFF}a']);
        expect((await store.list('x\uD7FF')).map((e) => e.key)).toEqual(['x\uD7FF']);
        expect((await store.list('x\u{10FFFF}')).map((e) => e.key)).toEqual(['x\u{10FFFF}', 'x\u{10FFFF}a']);
        expect((await store.list('x😀')).map((e) => e.key)).toEqual(['x😀']);
      });

      it('treats % and _ in a prefix literally', async () => {
        const store = await fresh();
        await store.apply([
          { kind: 'set', key: 'a%:1', value: 1 },
          { kind: 'set', key: 'ab:1', value: 2 },
          { kind: 'set', key: 'a_:1', value: 3 },
        ]);
        expect((await store.list('a%')).map((e) => e.key)).toEqual(['a%:1']);
        expect((await store.list('a_')).map((e) => e.key)).toEqual(['a_:1']);
      });

      it('deletes a whole scope and nothing else, counting the keys removed', async () => {
        const store = await fresh();
        await store.apply([
          { kind: 'set', key: 'session:1:cart', value: [1] },
          { kind: 'set', key: 'session:1:user', value: 'u' },
          { kind: 'set', key: 'session:10:cart', value: [2] },
          { kind: 'set', key: 'global:n', value: 1 },
        ]);
        expect(await store.deletePrefix('session:1:')).toBe(2);
        expect((await store.list('')).map((e) => e.key)).toEqual(['global:n', 'session:10:cart']);
        expect(await store.deletePrefix('session:1:')).toBe(0);
      });
    });

    describe('apply', () => {
      it('commits a batch in order and reports each write', async () => {
        const store = await fresh();
        await store.set('gone', 1);
        const results = await store.apply([
          { kind: 'set', key: 'cart', value: { items: [] } },
          { kind: 'increment', key: 'orders' },
          { kind: 'increment', key: 'orders', by: 10 },
          { kind: 'delete', key: 'gone' },
          { kind: 'delete', key: 'never' },
          { kind: 'set', key: 'cart', value: { items: ['x'] } },
        ]);
        expect(results).toEqual([true, 1, 11, true, false, true]);
        expect(Object.fromEntries(await store.getMany(['cart', 'orders', 'gone']))).toEqual({ cart: { items: ['x'] }, orders: 11 });
      });

      it('writes nothing when one value of the batch is not JSON', async () => {
        const store = await fresh();
        await store.set('a', 'before');
        await expect(
          store.apply([
            { kind: 'set', key: 'a', value: 'after' },
            { kind: 'set', key: 'b', value: undefined },
          ]),
        ).rejects.toMatchObject({ code: 'STATE_VALUE_INVALID' });
        expect(await store.get('a')).toBe('before');
        expect(await store.get('b')).toBeUndefined();
      });

      it('rolls back the writes before a failing increment', async () => {
        const store = await fresh();
        await store.apply([
          { kind: 'set', key: 'a', value: 'before' },
          { kind: 'set', key: 'text', value: 'not a number' },
          { kind: 'set', key: 'n', value: 5 },
        ]);
        await expect(
          store.apply([
            { kind: 'set', key: 'a', value: 'after' },
            { kind: 'delete', key: 'n' },
            { kind: 'set', key: 'new', value: 1 },
            { kind: 'increment', key: 'text' },
          ]),
        ).rejects.toMatchObject({ code: 'STATE_VALUE_INVALID' });
        expect(Object.fromEntries(await store.getMany(['a', 'n', 'new', 'text']))).toEqual({ a: 'before', n: 5, text: 'not a number' });
      });

      it('accepts an empty batch', async () => {
        const store = await fresh();
        expect(await store.apply([])).toEqual([]);
      });

      it('never interleaves concurrent batches', async () => {
        const store = await fresh();
        await Promise.all(
          Array.from({ length: 200 }, (_, i) =>
            store.apply([
              { kind: 'increment', key: 'left' },
              { kind: 'set', key: 'last', value: i },
              { kind: 'increment', key: 'right' },
            ]),
          ),
        );
        expect(Object.fromEntries(await store.getMany(['left', 'right']))).toEqual({ left: 200, right: 200 });
      });
    });
  });
}

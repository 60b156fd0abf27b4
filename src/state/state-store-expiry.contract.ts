import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/index.js';
import type { StateStore, StateStoreOptions } from './state-store.js';
import { freshStores, manualClock } from './contract-kit-for-tests.js';

/** The StateStore contract, part two: expiry (TTL, with an injected clock) and closing. */
export function describeStateStoreExpiry(name: string, open: (options: StateStoreOptions) => Promise<StateStore>): void {
  describe(`${name} StateStore expiry and close`, () => {
    const fresh = freshStores(open);

    describe('TTL', () => {
      it('hides a key from every read once its TTL has passed', async () => {
        const clock = manualClock();
        const store = await fresh({ now: clock.now });
        await store.set('session:1:token', 'abc', { ttlMs: 1000 });
        await store.set('session:1:forever', 'kept');
        clock.advance(999);
        expect(await store.get('session:1:token')).toBe('abc');
        clock.advance(1);
        expect(await store.get('session:1:token')).toBeUndefined();
        expect(Object.fromEntries(await store.getMany(['session:1:token', 'session:1:forever']))).toEqual({ 'session:1:forever': 'kept' });
        expect((await store.list('session:1:')).map((e) => e.key)).toEqual(['session:1:forever']);
      });

      it('treats an expired key as absent for delete, increment, compareAndSet and deletePrefix', async () => {
        const clock = manualClock();
        const store = await fresh({ now: clock.now });
        await store.apply([
          { kind: 'set', key: 'd', value: 1, ttlMs: 10 },
          { kind: 'set', key: 'n', value: 41, ttlMs: 10 },
          { kind: 'set', key: 'c', value: 'old', ttlMs: 10 },
          { kind: 'set', key: 'p:1', value: 1, ttlMs: 10 },
          { kind: 'set', key: 'p:2', value: 2 },
        ]);
        clock.advance(10);
        expect(await store.delete('d')).toBe(false);
        expect(await store.increment('n')).toBe(1);
        expect(await store.compareAndSet('c', 'old', 'new')).toBe(false);
        expect(await store.compareAndSet('c', undefined, 'new')).toBe(true);
        expect(await store.deletePrefix('p:')).toBe(1);
      });

      it('does not expire a key that an increment started after expiry', async () => {
        const clock = manualClock();
        const store = await fresh({ now: clock.now });
        await store.set('n', 5, { ttlMs: 10 });
        clock.advance(20);
        expect(await store.increment('n')).toBe(1);
        clock.advance(1_000_000);
        expect(await store.get('n')).toBe(1);
      });

      it('keeps the TTL of a live key through increments', async () => {
        const clock = manualClock();
        const store = await fresh({ now: clock.now });
        await store.set('window', 0, { ttlMs: 1000 });
        clock.advance(500);
        expect(await store.increment('window')).toBe(1);
        clock.advance(500);
        expect(await store.get('window')).toBeUndefined();
      });

      it('gives an increment with ttlMs that TTL, started again by each one, in a call or a batch', async () => {
        const clock = manualClock();
        const store = await fresh({ now: clock.now });
        const start = clock.now();
        expect(await store.increment('session:a:visits', 1, { ttlMs: 1000 })).toBe(1);
        await store.set('session:a:left', 7, { ttlMs: 100 });
        expect(await store.apply([{ kind: 'increment', key: 'session:a:left', by: 2, ttlMs: 1000 }])).toEqual([9]);
        expect(await store.list('session:a:')).toEqual([
          { key: 'session:a:left', value: 9, expiresAt: start + 1000 },
          { key: 'session:a:visits', value: 1, expiresAt: start + 1000 },
        ]);
        clock.advance(600);
        expect(await store.increment('session:a:visits', 1, { ttlMs: 1000 })).toBe(2);
        clock.advance(400);
        expect(await store.get('session:a:left')).toBeUndefined();
        expect(await store.get('session:a:visits')).toBe(2);
        clock.advance(600);
        expect(await store.get('session:a:visits')).toBeUndefined();
        // An expired counter starts again from 0, with the new TTL.
        expect(await store.apply([{ kind: 'increment', key: 'session:a:visits', ttlMs: 50 }])).toEqual([1]);
        clock.advance(50);
        expect(await store.list('session:a:')).toEqual([]);
      });

      it('gives an increment without ttlMs to a key with a TTL no new one, and keeps a counter without one forever', async () => {
        const clock = manualClock();
        const store = await fresh({ now: clock.now });
        await store.increment('forever', 1);
        await store.increment('forever', 1, { ttlMs: 100 });
        await store.apply([{ kind: 'increment', key: 'forever', by: 1 }]);
        clock.advance(100);
        // The TTL given by the second increment stays: the third kept it.
        expect(await store.get('forever')).toBeUndefined();
        await store.increment('kept', 5);
        clock.advance(1_000_000);
        expect(await store.get('kept')).toBe(5);
      });

      it('replaces the TTL on set and compareAndSet', async () => {
        const clock = manualClock();
        const store = await fresh({ now: clock.now });
        await store.set('a', 1, { ttlMs: 100 });
        await store.set('a', 2);
        await store.set('b', 1);
        expect(await store.compareAndSet('b', 1, 2, { ttlMs: 100 })).toBe(true);
        clock.advance(100);
        expect(await store.get('a')).toBe(2);
        expect(await store.get('b')).toBeUndefined();
      });

      it('applies TTLs given in a batch', async () => {
        const clock = manualClock();
        const store = await fresh({ now: clock.now });
        await store.apply([{ kind: 'set', key: 'otp', value: '123456', ttlMs: 30_000 }]);
        clock.advance(30_000);
        expect(await store.get('otp')).toBeUndefined();
      });

      it('purges expired keys and counts them', async () => {
        const clock = manualClock();
        const store = await fresh({ now: clock.now });
        await store.set('a', 1, { ttlMs: 10 });
        await store.set('b', 1, { ttlMs: 20 });
        await store.set('c', 1);
        clock.advance(15);
        expect(await store.purgeExpired()).toBe(1);
        clock.advance(5);
        expect(await store.purgeExpired()).toBe(1);
        expect(await store.purgeExpired()).toBe(0);
        expect(await store.list('')).toEqual([{ key: 'c', value: 1 }]);
      });

      it('lists when each expiring key expires, and nothing for keys that never do', async () => {
        const clock = manualClock();
        const store = await fresh({ now: clock.now });
        const start = clock.now();
        await store.set('a', 1, { ttlMs: 5_000 });
        await store.set('b', 2);
        await store.apply([{ kind: 'set', key: 'c', value: 3, ttlMs: 60_000 }]);
        expect(await store.list('')).toEqual([
          { key: 'a', value: 1, expiresAt: start + 5_000 },
          { key: 'b', value: 2 },
          { key: 'c', value: 3, expiresAt: start + 60_000 },
        ]);
      });

      it.each([0, -1, NaN, Infinity])('refuses ttlMs %s', async (ttlMs) => {
        const store = await fresh();
        await expect(store.set('k', 1, { ttlMs })).rejects.toMatchObject({ code: 'STATE_VALUE_INVALID' });
        await expect(store.apply([{ kind: 'set', key: 'k', value: 1, ttlMs }])).rejects.toMatchObject({ code: 'STATE_VALUE_INVALID' });
        await expect(store.increment('k', 1, { ttlMs })).rejects.toMatchObject({ code: 'STATE_VALUE_INVALID' });
        // A batch whose increment carries a bad TTL changes nothing, not even its writes before it.
        await expect(
          store.apply([
            { kind: 'set', key: 'j', value: 1 },
            { kind: 'increment', key: 'k', ttlMs },
          ]),
        ).rejects.toMatchObject({ code: 'STATE_VALUE_INVALID' });
        expect(await store.get('k')).toBeUndefined();
        expect(await store.get('j')).toBeUndefined();
      });
    });

    describe('close', () => {
      it('refuses calls after close with STATE_STORE_FAILED, and closes twice harmlessly', async () => {
        const store = await open({});
        await store.set('k', 1);
        await store.close();
        await store.close();
        await expect(store.get('k')).rejects.toMatchObject({ code: 'STATE_STORE_FAILED' });
        await expect(store.increment('k')).rejects.toMatchObject({ code: 'STATE_STORE_FAILED' });
      });

      it('purges expired keys in the background, on the clock it was given', async () => {
        const clock = new ManualClock({ epochMs: Date.UTC(2026, 0, 1) });
        const store = await fresh({ clock, purgeIntervalMs: 1_000 });
        await store.set('k', 1, { ttlMs: 10 });
        await store.set('kept', 1);
        // A second on the store's clock (not the host's): its purge runs, and the explicit one finds nothing left.
        await clock.advanceAsync(1_000);
        expect(await store.purgeExpired()).toBe(0);
        expect((await store.list('')).map((entry) => entry.key)).toEqual(['kept']);
      });
    });
  });
}

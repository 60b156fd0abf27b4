import { describe, expect, it } from 'vitest';
import type { RateLimitOutcome, RateLimitStore, TokenBucketLimit } from './rate-limit-store.js';

const limit = (tokensPerSecond: number, burst = Math.max(1, tokensPerSecond), maxKeys = 10_000): TokenBucketLimit => ({ tokensPerSecond, burst, maxKeys });

/**
 * The RateLimitStore contract: the token-bucket arithmetic every store (memory today, Redis next)
 * shares. `open` gives a fresh, empty store. Every take is awaited, so a store that answers
 * through a promise is held to the same results.
 */
export function describeRateLimitStore(name: string, open: () => Promise<RateLimitStore>): void {
  describe(`${name} RateLimitStore`, () => {
    const setup = async () => {
      const store = await open();
      let nowMs = 1_000;
      const take = async (l: TokenBucketLimit, key = 'k', bucket = 'b'): Promise<RateLimitOutcome> => store.take(bucket, key, l, nowMs);
      const admitted = async (l: TokenBucketLimit, count: number, key = 'k', bucket = 'b') => {
        let n = 0;
        for (let i = 0; i < count; i++) if ((await take(l, key, bucket)).allowed) n++;
        return n;
      };
      return { take, admitted, advance: (ms: number) => (nowMs += ms), setNow: (ms: number) => (nowMs = ms) };
    };

    it('admits a burst, then refuses with the wait for the next token', async () => {
      const { take, admitted } = await setup();
      const l = limit(10, 3);
      expect(await take(l)).toEqual({ allowed: true, remaining: 2, resetSeconds: 1 });
      expect(await admitted(l, 2)).toBe(2);
      expect(await take(l)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1, resetSeconds: 1 });
    });

    it('refills by elapsed time, counting fractions of a token', async () => {
      const { take, advance } = await setup();
      const l = limit(2, 1);
      expect((await take(l)).allowed).toBe(true);
      advance(250); // half a token
      expect((await take(l)).allowed).toBe(false);
      advance(250); // the other half: the fraction from the refused take was kept
      expect((await take(l)).allowed).toBe(true);
      expect((await take(l)).allowed).toBe(false);
    });

    it('never fills beyond the burst however long it idles', async () => {
      const { admitted, advance } = await setup();
      const l = limit(5, 5);
      await admitted(l, 5);
      advance(3_600_000);
      expect(await admitted(l, 50)).toBe(5);
    });

    it('gives Retry-After in whole seconds, at least 1, for slow rates', async () => {
      const { take, advance } = await setup();
      const l = limit(10 / 3600, 1); // one token every 360 s
      await take(l);
      expect(await take(l)).toMatchObject({ allowed: false, retryAfterSeconds: 360, resetSeconds: 360 });
      advance(359_500);
      expect(await take(l)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
      advance(500);
      expect(await take(l)).toEqual({ allowed: true, remaining: 0, resetSeconds: 360 });
    });

    it('admits rate × duration + burst (±1%) when hammered at 10× the rate for 20 s', async () => {
      const { take, advance } = await setup();
      const l = limit(100, 100);
      let admittedCount = 0;
      for (let ms = 0; ms < 20_000; ms++) {
        if ((await take(l)).allowed) admittedCount++;
        advance(1);
      }
      const expected = 100 * 20 + 100;
      expect(Math.abs(admittedCount - expected) / expected).toBeLessThan(0.01);
    });

    it('keeps one bucket per key and per bucket name', async () => {
      const { admitted } = await setup();
      const l = limit(1, 2);
      expect(await admitted(l, 5, 'alice')).toBe(2);
      expect(await admitted(l, 5, 'bob')).toBe(2);
      expect(await admitted(l, 5, 'alice', 'other')).toBe(2);
      expect(await admitted(l, 5, 'alice')).toBe(0);
    });

    it('forgets the least recently used key beyond maxKeys, which then starts full again', async () => {
      const { take } = await setup();
      const l = limit(1 / 3600, 1, 2);
      expect((await take(l, 'a')).allowed).toBe(true);
      expect((await take(l, 'b')).allowed).toBe(true);
      expect((await take(l, 'a')).allowed).toBe(false); // a is now the most recent
      expect((await take(l, 'c')).allowed).toBe(true); // evicts b
      expect((await take(l, 'a')).allowed).toBe(false);
      expect((await take(l, 'b')).allowed).toBe(true); // forgotten, so full again; evicts c
      expect((await take(l, 'c')).allowed).toBe(true);
    });

    it('does not drain a bucket when the clock steps back', async () => {
      const { take, setNow } = await setup();
      const l = limit(1, 2);
      setNow(10_000);
      await take(l);
      setNow(5_000);
      expect((await take(l)).allowed).toBe(true);
    });
  });
}

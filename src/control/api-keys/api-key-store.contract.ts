import { describe, expect, it } from 'vitest';
import type { ApiKeyStore, ApiKeyStoreOptions } from './api-key-store.js';

const START_MS = Date.UTC(2026, 0, 1);

/**
 * The ApiKeyStore contract: what every store of admin API keys (SQLite, memory) does. `open` gives
 * a fresh, empty store with the given options.
 */
export function describeApiKeyStore(name: string, open: (options: ApiKeyStoreOptions) => Promise<ApiKeyStore>): void {
  describe(`${name} ApiKeyStore`, () => {
    const setup = async () => {
      let nowMs = START_MS;
      const store = await open({ now: () => nowMs });
      return { store, advance: (ms: number) => (nowMs += ms) };
    };

    it('starts empty, and knows it has keys once one is created', async () => {
      const { store } = await setup();
      expect(await store.hasAny()).toBe(false);
      expect(await store.list()).toEqual([]);
      await store.create({ name: 'ci', role: 'read' });
      expect(await store.hasAny()).toBe(true);
      await store.close();
    });

    it('returns a fresh secret once, and lists keys oldest first without it', async () => {
      const { store } = await setup();
      const first = await store.create({ name: 'ci', role: 'read' });
      const second = await store.create({ name: 'ops', role: 'admin' });
      expect(first.secret).toMatch(/^mim_[\w-]{43}$/);
      expect(second.secret).not.toBe(first.secret);
      expect(first.key).toEqual({ id: first.key.id, name: 'ci', role: 'read', createdAt: new Date(START_MS).toISOString(), revoked: false });
      const listed = await store.list();
      expect(listed.map((key) => key.name)).toEqual(['ci', 'ops']);
      expect(listed[0]!.id).toBeLessThan(listed[1]!.id);
      expect(JSON.stringify(listed)).not.toContain(first.secret.slice(4));
      await store.close();
    });

    it('authenticates a secret it created, recording when it was last used', async () => {
      const { store, advance } = await setup();
      const { key, secret } = await store.create({ name: 'ci', role: 'admin' });
      advance(60_000);
      const used = new Date(START_MS + 60_000).toISOString();
      expect(await store.authenticate(secret)).toEqual({ ...key, lastUsedAt: used });
      expect((await store.list())[0]).toEqual({ ...key, lastUsedAt: used });
      await store.close();
    });

    it('refuses secrets it did not create, whatever their shape', async () => {
      const { store } = await setup();
      const { secret } = await store.create({ name: 'ci', role: 'admin' });
      for (const other of ['', 'mim_', `${secret}x`, secret.slice(0, -1), secret.slice(4), secret.toUpperCase(), 'x'.repeat(10_000)]) {
        expect(await store.authenticate(other)).toBeUndefined();
      }
      await store.close();
    });

    it('revokes a key: its secret stops working, it stays listed, and revoking again changes nothing', async () => {
      const { store } = await setup();
      const { key, secret } = await store.create({ name: 'ci', role: 'admin' });
      const other = await store.create({ name: 'ops', role: 'read' });
      expect(await store.revoke(key.id)).toBe(true);
      expect(await store.authenticate(secret)).toBeUndefined();
      expect(await store.authenticate(other.secret)).toMatchObject({ name: 'ops' });
      expect(await store.revoke(key.id)).toBe(true);
      expect((await store.list()).map((k) => [k.name, k.revoked])).toEqual([
        ['ci', true],
        ['ops', false],
      ]);
      expect(await store.hasAny()).toBe(true);
      await store.close();
    });

    it('answers false for revoking a key that does not exist', async () => {
      const { store } = await setup();
      await store.create({ name: 'ci', role: 'admin' });
      for (const id of [0, -1, 99, 1.5]) expect(await store.revoke(id)).toBe(false);
      await store.close();
    });
  });
}

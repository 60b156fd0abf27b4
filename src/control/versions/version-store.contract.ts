import { describe, expect, it } from 'vitest';
import type { Config } from '../../config/index.js';
import type { VersionStore, VersionStoreOptions } from './version-store.js';

const configWith = (...ids: string[]): Config =>
  ({ version: 2, endpoints: ids.map((id) => ({ id, path: `/${id}`, response: { status: 200 } })) }) as unknown as Config;

const START_MS = Date.UTC(2026, 0, 1);

/**
 * The VersionStore contract: what every store of the config history (SQLite, memory; Redis
 * later) does. `open` gives a fresh, empty store with the given options.
 */
export function describeVersionStore(name: string, open: (options: VersionStoreOptions) => Promise<VersionStore>): void {
  describe(`${name} VersionStore`, () => {
    const setup = async (startup = configWith('a')) => {
      let nowMs = START_MS;
      const store = await open({ startup: { config: startup, at: new Date(START_MS - 1000) }, now: () => nowMs });
      return { store, advance: (ms: number) => (nowMs += ms) };
    };

    it('holds the config served at start as version 1, by startup', async () => {
      const { store } = await setup(configWith('a', 'b'));
      expect(await store.latest()).toEqual({
        id: 1,
        author: 'startup',
        timestamp: new Date(START_MS - 1000).toISOString(),
        message: 'config served at start',
        summary: 'initial: 2 endpoints, 0 workflows',
      });
      expect((await store.get(1))?.snapshot).toEqual(configWith('a', 'b'));
      await store.close();
    });

    it('records each change after the last, summarized against the version it follows, timed by its clock', async () => {
      const { store, advance } = await setup();
      advance(5_000);
      const second = await store.record(configWith('a', 'b'), { author: 'alice', message: 'add b' });
      expect(second).toEqual({ id: 2, author: 'alice', timestamp: new Date(START_MS + 5_000).toISOString(), message: 'add b', summary: 'endpoints: +b' });
      const third = await store.record(configWith('b'), { author: 'bob' });
      expect(third).toEqual({ id: 3, author: 'bob', timestamp: new Date(START_MS + 5_000).toISOString(), summary: 'endpoints: -a' });
      expect(await store.latest()).toEqual(third);
      await store.close();
    });

    it('lists newest first, at most `limit`, and pages with `before`', async () => {
      const { store } = await setup();
      for (const id of ['b', 'c', 'd', 'e']) await store.record(configWith('a', id), { author: 'x' });
      const ids = async (options?: Parameters<VersionStore['list']>[0]) => (await store.list(options)).map((meta) => meta.id);
      expect(await ids()).toEqual([5, 4, 3, 2, 1]);
      expect(await ids({ limit: 2 })).toEqual([5, 4]);
      expect(await ids({ limit: 2, before: 4 })).toEqual([3, 2]);
      expect(await ids({ before: 1 })).toEqual([]);
      expect(await ids({ before: 100 })).toEqual([5, 4, 3, 2, 1]);
      expect((await store.list())[0]).not.toHaveProperty('snapshot');
      await store.close();
    });

    it('gets a version with its snapshot, and the one before it', async () => {
      const { store } = await setup();
      await store.record(configWith('a', 'b'), { author: 'x' });
      expect((await store.get(2))?.snapshot).toEqual(configWith('a', 'b'));
      expect((await store.previous(2))?.id).toBe(1);
      expect(await store.previous(1)).toBeUndefined();
      expect(await store.get(3)).toBeUndefined();
      expect(await store.get(0)).toBeUndefined();
      expect(await store.get(-1)).toBeUndefined();
      await store.close();
    });

    it('never stores an API key secret', async () => {
      const withKeys = { ...configWith('a'), admin: { apiKeys: [{ name: 'ci', key: 'a-very-secret-key-1234', role: 'admin' }] } } as unknown as Config;
      const { store } = await setup(withKeys);
      await store.record({ ...withKeys, endpoints: [] }, { author: 'x' });
      for (const id of [1, 2]) expect(JSON.stringify(await store.get(id))).not.toContain('a-very-secret-key-1234');
      expect((await store.get(2))?.snapshot.admin?.apiKeys?.[0]).toEqual({ name: 'ci', key: '<redacted>', role: 'admin' });
      await store.close();
    });

    it('keeps its history apart from the objects it was given and gave out', async () => {
      const { store } = await setup();
      const config = configWith('a', 'b');
      await store.record(config, { author: 'x' });
      (config.endpoints as unknown[]).push({ id: 'later' });
      const read = await store.get(2);
      (read!.snapshot.endpoints as unknown[]).length = 0;
      expect((await store.get(2))?.snapshot).toEqual(configWith('a', 'b'));
      await store.close();
    });
  });
}

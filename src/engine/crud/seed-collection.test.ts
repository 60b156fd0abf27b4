import { describe, expect, it } from 'vitest';
import { createMemoryStateStore } from '../../state/index.js';
import { seedCollection } from './seed-collection.js';
import { specFor } from './request-for-tests.js';

const PREFIX = 'global:crud:users:';

describe('seedCollection', () => {
  it('writes the seed into an empty collection once, and leaves it alone on the next start', async () => {
    const store = createMemoryStateStore();
    const spec = specFor({
      seed: [
        { id: 1, name: 'Ada' },
        { id: 2, name: 'Grace' },
      ],
    });
    expect(await seedCollection(spec, store, PREFIX)).toBe(2);
    await store.set(`${PREFIX}1`, { id: 1, name: 'Ada Lovelace' });
    await store.delete(`${PREFIX}2`);
    expect(await seedCollection(spec, store, PREFIX)).toBe(0);
    expect(await store.list(PREFIX)).toEqual([{ key: `${PREFIX}1`, value: { id: 1, name: 'Ada Lovelace' } }]);
  });

  it('numbers seed items without an id after the largest numeric id', async () => {
    const store = createMemoryStateStore();
    const spec = specFor({ seed: [{ name: 'a' }, { id: 7, name: 'b' }, { name: 'c' }] });
    expect(await seedCollection(spec, store, PREFIX)).toBe(3);
    expect((await store.list(PREFIX)).map(({ value }) => value)).toEqual([
      { id: 7, name: 'b' },
      { id: 8, name: 'a' },
      { id: 9, name: 'c' },
    ]);
  });

  it('gives uuids to seed items without an id when the seeded ids are not numeric', async () => {
    const store = createMemoryStateStore();
    const spec = specFor({ keyField: 'slug', seed: [{ slug: 'intro' }, { title: 'untitled' }] });
    expect(await seedCollection(spec, store, PREFIX)).toBe(2);
    const generated = (await store.list(PREFIX)).find(({ key }) => key !== `${PREFIX}intro`);
    expect(generated?.value).toEqual({ slug: expect.stringMatching(/^[0-9a-f-]{36}$/), title: 'untitled' });
    expect(generated?.key).toBe(`${PREFIX}${(generated?.value as { slug: string }).slug}`);
  });

  it('refuses a seed id that cannot be a key', async () => {
    const store = createMemoryStateStore();
    await expect(seedCollection(specFor({ seed: [{ id: { nested: true } }] }), store, PREFIX)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    expect(await store.list(PREFIX)).toEqual([]);
  });

  it('writes nothing for an empty seed', async () => {
    expect(await seedCollection(specFor(), createMemoryStateStore(), PREFIX)).toBe(0);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openSqliteStateStore, type SqliteStateStoreOptions, type StateStore } from '../../src/state/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mimicus-group-commit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const opened: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const handle of opened.splice(0).reverse()) await handle.close();
});

let files = 0;
/** A store on a fresh file, and a second connection to that file that sees only committed data. */
async function openWithObserver(options: Partial<SqliteStateStoreOptions> = {}): Promise<{ store: StateStore; committed: (key: string) => unknown }> {
  const file = join(dir, `run-${files++}.sqlite`);
  const store = await openSqliteStateStore({ purgeIntervalMs: 0, ...options, file });
  opened.push(store);
  const observer = new Database(file, { readonly: true });
  opened.push(observer);
  const select = observer.prepare<[string], { value: string }>('SELECT value FROM state WHERE key = ?');
  return {
    store,
    committed: (key) => {
      const row = select.get(key);
      return row && (JSON.parse(row.value) as unknown);
    },
  };
}

describe('sqlite StateStore group commit', () => {
  it('commits the writes of one turn together and settles each only after that commit', async () => {
    const { store, committed } = await openWithObserver();
    const seenWhenSettled: unknown[] = [];
    const writes = Array.from({ length: 300 }, (_, i) =>
      store.set(`k:${i}`, i).then(() => seenWhenSettled.push([committed('k:0'), committed(`k:${i}`), committed('k:299')])),
    );
    // Every call ran already, but nothing is committed before the turn ends.
    expect(committed('k:0')).toBeUndefined();
    expect(committed('k:299')).toBeUndefined();

    await Promise.all(writes);
    // Whichever settled first, the first and the last write of the turn were already committed.
    expect(seenWhenSettled).toEqual(Array.from({ length: 300 }, (_, i) => [0, i, 299]));
  });

  it('rejects a failing write alone, rolling back only its own changes, while the rest of the group commits', async () => {
    const { store, committed } = await openWithObserver();
    await store.set('text', 'not a number');

    const results = await Promise.allSettled([
      store.set('a', 1),
      store.increment('text'),
      store.apply([
        { kind: 'set', key: 'partial', value: 'must not stay' },
        { kind: 'increment', key: 'counter' },
        { kind: 'increment', key: 'text' },
      ]),
      store.set('value', undefined),
      store.increment('counter'),
      store.set('b', 2),
    ]);

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
    for (const failed of [results[1], results[2], results[3]]) {
      expect(failed).toMatchObject({ status: 'rejected', reason: { code: 'STATE_VALUE_INVALID' } });
    }
    expect(results[4]).toEqual({ status: 'fulfilled', value: 1 });
    expect([committed('a'), committed('b'), committed('counter'), committed('text')]).toEqual([1, 2, 1, 'not a number']);
    expect(committed('partial')).toBeUndefined();
  });

  it('lets a read in the same turn see the write, and settles the read only once that write is committed', async () => {
    const { store, committed } = await openWithObserver();
    const write = store.set('cart', { items: ['a'] });
    const read = store.get('cart').then((value) => ({ value, committedAtRead: committed('cart') }));
    const listed = store.list('ca');

    expect(await read).toEqual({ value: { items: ['a'] }, committedAtRead: { items: ['a'] } });
    expect(await listed).toEqual([{ key: 'cart', value: { items: ['a'] } }]);
    await write;
  });

  it('gives 1,000 concurrent increments the distinct values 1 to 1,000', async () => {
    const { store, committed } = await openWithObserver();
    const values = await Promise.all(Array.from({ length: 1000 }, () => store.increment('seq')));
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(committed('seq')).toBe(1000);
  });

  it('commits early once a group holds 1,000 writes, so one turn never builds a huge transaction', async () => {
    const { store, committed } = await openWithObserver();
    const first = Array.from({ length: 1000 }, (_, i) => store.set(`k:${i}`, i));
    expect(committed('k:999')).toBe(999);
    const next = store.set('k:1000', 1000);
    expect(committed('k:1000')).toBeUndefined();
    await Promise.all([...first, next]);
    expect(committed('k:1000')).toBe(1000);
  });

  it('commits a pending group on close', async () => {
    const file = join(dir, 'close.sqlite');
    const store = await openSqliteStateStore({ file, purgeIntervalMs: 0 });
    const write = store.increment('n', 41);
    await store.close();
    await expect(write).resolves.toBe(41);

    const reopened = await openSqliteStateStore({ file, purgeIntervalMs: 0 });
    opened.push(reopened);
    expect(await reopened.get('n')).toBe(41);
  });

  it('commits every write on its own with groupCommit: false', async () => {
    const { store, committed } = await openWithObserver({ groupCommit: false });
    const write = store.set('k', 1);
    expect(committed('k')).toBe(1);
    await write;
  });
});

import { describe, expect, it } from 'vitest';
import { normalizeFilter } from './journal-filter.js';
import type { JournalFilter } from './journal.js';
import { PRUNE_STEP_ROWS, type JournalRetention, type JournalRow, type JournalStore } from './journal-store.js';

const T0 = Date.UTC(2026, 0, 1);

interface RowParts {
  readonly arrivedAtMs?: number;
  readonly method?: string;
  readonly path?: string;
  readonly status?: number;
  readonly endpointId?: string | null;
  readonly session?: string | null;
}

const row = (id: number, parts: RowParts = {}): JournalRow => [
  id,
  parts.arrivedAtMs ?? T0 + id,
  parts.method ?? 'GET',
  parts.path ?? `/r/${id}`,
  parts.status ?? 200,
  parts.endpointId === undefined ? 'e' : parts.endpointId,
  parts.session ?? null,
  1.5,
  0,
  JSON.stringify({ id: String(id), path: parts.path ?? `/r/${id}` }),
];

/**
 * The JournalStore contract: what every store behind the journal's ring (SQLite, memory; Redis
 * later) does. `open` gives a fresh, empty store keeping what `retention` says.
 */
export function describeJournalStore(name: string, open: (retention: JournalRetention) => Promise<JournalStore>): void {
  describe(`${name} JournalStore`, () => {
    const fresh = (retention: JournalRetention = { count: 1_000, ageMs: 3_600_000 }) => open(retention);
    const ids = async (store: JournalStore, filter: JournalFilter = {}, beforeId?: number, limit = 100) =>
      (await store.list(normalizeFilter(filter), beforeId, limit)).map((summary) => Number(summary.id));

    it('starts empty, with its retention', async () => {
      const store = await fresh({ count: 7, ageMs: 1_000 });
      expect(store.lastId).toBe(0);
      expect(store.retention).toEqual({ count: 7, ageMs: 1_000 });
      expect(await ids(store)).toEqual([]);
      expect(await store.count(normalizeFilter(), undefined)).toBe(0);
      await store.close(T0);
    });

    it('lists newest first, below a given id, at most `limit`, as summaries', async () => {
      const store = await fresh();
      await store.write([row(1), row(2), row(3)], T0);
      await store.write([row(4, { endpointId: null, status: 404, session: 's1' })], T0);
      expect(await ids(store)).toEqual([4, 3, 2, 1]);
      expect(await ids(store, {}, 3)).toEqual([2, 1]);
      expect(await ids(store, {}, undefined, 2)).toEqual([4, 3]);
      const [newest] = await store.list(normalizeFilter(), undefined, 1);
      expect(newest).toEqual({
        id: '4',
        time: new Date(T0 + 4).toISOString(),
        method: 'GET',
        path: '/r/4',
        status: 404,
        matched: false,
        session: 's1',
        durationMs: 1.5,
        abandoned: false,
      });
      await store.close(T0);
    });

    it('gets an entry as it was written, and nothing for an unknown id', async () => {
      const store = await fresh();
      await store.write([row(5)], T0);
      expect(await store.get(5)).toEqual({ id: '5', path: '/r/5' });
      expect(await store.get(6)).toBeUndefined();
      await store.close(T0);
    });

    it('replaces a row written again with the same id', async () => {
      const store = await fresh();
      await store.write([row(1, { path: '/first' })], T0);
      await store.write([row(1, { path: '/second' })], T0);
      expect(await store.count(normalizeFilter(), undefined)).toBe(1);
      expect(await store.get(1)).toEqual({ id: '1', path: '/second' });
      await store.close(T0);
    });

    it('filters by endpoint, method, status, path prefix, session, matched and time', async () => {
      const store = await fresh();
      await store.write(
        [
          row(1, { endpointId: 'users', method: 'GET', path: '/users/1', session: 'a' }),
          row(2, { endpointId: 'users', method: 'POST', path: '/users', status: 201, session: 'b' }),
          row(3, { endpointId: null, path: '/missing', status: 404 }),
          row(4, { endpointId: 'files', path: '/f%_/x' }),
          row(5, { endpointId: 'files', path: '/fab/x' }),
        ],
        T0,
      );
      expect(await ids(store, { endpoint: 'users' })).toEqual([2, 1]);
      expect(await ids(store, { method: 'post' })).toEqual([2]);
      expect(await ids(store, { status: 404 })).toEqual([3]);
      expect(await ids(store, { pathPrefix: '/users' })).toEqual([2, 1]);
      // A prefix is literal text: SQL wildcards in it match only themselves.
      expect(await ids(store, { pathPrefix: '/f%_' })).toEqual([4]);
      expect(await ids(store, { session: 'a' })).toEqual([1]);
      expect(await ids(store, { matched: false })).toEqual([3]);
      expect(await ids(store, { matched: true })).toEqual([5, 4, 2, 1]);
      expect(await ids(store, { since: T0 + 2, until: new Date(T0 + 4) })).toEqual([3, 2]);
      expect(await store.count(normalizeFilter({ endpoint: 'files' }), undefined)).toBe(2);
      expect(await store.count(normalizeFilter({ endpoint: 'files' }), 5)).toBe(1);
      await store.close(T0);
    });

    it('keeps the newest `count` rows from the first batch on', async () => {
      const store = await fresh({ count: 3, ageMs: 3_600_000 });
      await store.write(
        [1, 2, 3, 4, 5].map((id) => row(id)),
        T0,
      );
      expect(await ids(store)).toEqual([5, 4, 3]);
      await store.close(T0);
    });

    it('drops rows older than `ageMs` by the time a later batch is written with, a second or more on', async () => {
      const store = await fresh({ count: 1_000, ageMs: 10_000 });
      await store.write([row(1, { arrivedAtMs: T0 }), row(2, { arrivedAtMs: T0 + 5_000 })], T0 + 5_000);
      expect(await ids(store)).toEqual([2, 1]);
      await store.write([row(3, { arrivedAtMs: T0 + 12_000 })], T0 + 12_000);
      expect(await ids(store)).toEqual([3, 2]);
      await store.close(T0 + 12_000);
    });

    it('holds `count` after every batch, deleting the oldest ids', async () => {
      const store = await fresh({ count: 10, ageMs: 3_600_000 });
      for (let first = 1; first <= 46; first += 3) {
        await store.write([row(first), row(first + 1), row(first + 2)], T0 + first);
        const kept = await ids(store);
        expect(kept).toHaveLength(Math.min(10, first + 2));
        expect(kept[0]).toBe(first + 2);
      }
      expect(await ids(store)).toEqual([48, 47, 46, 45, 44, 43, 42, 41, 40, 39]);
      await store.close(T0 + 48);
    });

    it('drains aged-out rows beyond one step over the next batches, and all of them at close', async () => {
      const backlog = PRUNE_STEP_ROWS * 2 + 88;
      const store = await fresh({ count: 10_000, ageMs: 10_000 });
      await store.write(
        Array.from({ length: backlog }, (_, i) => row(i + 1, { arrivedAtMs: T0 })),
        T0,
      );
      const count = () => store.count(normalizeFilter(), undefined);
      expect(await count()).toBe(backlog);
      // Each later batch of one deletes one step of the aged rows (the oldest arrivals first).
      await store.write([row(backlog + 1, { arrivedAtMs: T0 + 20_000 })], T0 + 20_000);
      expect(await count()).toBe(backlog - PRUNE_STEP_ROWS + 1);
      await store.write([row(backlog + 2, { arrivedAtMs: T0 + 20_001 })], T0 + 20_001);
      expect(await count()).toBe(backlog - 2 * PRUNE_STEP_ROWS + 2);
      await store.write([row(backlog + 3, { arrivedAtMs: T0 + 20_002 })], T0 + 20_002);
      expect(await ids(store)).toEqual([backlog + 3, backlog + 2, backlog + 1]);
      await store.close(T0 + 20_002);
    });

    it('keeps the newest `count` of a batch larger than one step at once', async () => {
      const store = await fresh({ count: 5, ageMs: 3_600_000 });
      const many = PRUNE_STEP_ROWS * 3;
      await store.write(
        Array.from({ length: many }, (_, i) => row(i + 1)),
        T0,
      );
      expect(await ids(store)).toEqual([many, many - 1, many - 2, many - 3, many - 4]);
      await store.close(T0);
    });

    it('forgets everything when cleared', async () => {
      const store = await fresh();
      await store.write([row(1), row(2)], T0);
      await store.clear();
      expect(await ids(store)).toEqual([]);
      expect(await store.get(1)).toBeUndefined();
      await store.close(T0);
    });
  });
}

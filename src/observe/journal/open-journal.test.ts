import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import type { JournalExchange, OpenJournal } from './journal.js';
import { createMemoryJournalStore } from './memory-journal-store.js';
import { openJournal, type JournalOptions } from './open-journal.js';
import { openSqliteJournalStore } from './sqlite-journal-store.js';

const opened: OpenJournal[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((journal) => journal.close()));
});

async function open(options: Partial<JournalOptions> = {}): Promise<OpenJournal> {
  const journal = await openJournal({ size: 10, maxBodyBytes: 1024, clock: new ManualClock({ epochMs: Date.now() }), ...options });
  opened.push(journal);
  return journal;
}

const persisted = async (file: string, retention = { count: 100, ageMs: 60_000 }) => ({
  store: await openSqliteJournalStore(file, retention),
  batchIntervalMs: 10_000,
});
const tempFile = () => join(mkdtempSync(join(tmpdir(), 'mimicus-journal-unit-')), 'journal.sqlite');

function exchange(path: string, overrides: Partial<JournalExchange> = {}): JournalExchange {
  return {
    arrivedAtMs: Date.now(),
    firstByteMs: 1,
    completeMs: 2,
    method: 'GET',
    url: path,
    path,
    requestHeaders: { host: 'x' },
    requestBody: undefined,
    status: 200,
    responseHeaders: ['content-type', 'text/plain'],
    responseBody: 'ok',
    applied: { endpointId: 'e', delayMs: 0 },
    abandoned: false,
    identity: { sessionId: 's' },
    ...overrides,
  };
}

describe('openJournal', () => {
  it('reads the session only when an entry is read', async () => {
    const journal = await open();
    let reads = 0;
    journal.record(
      exchange('/a', {
        identity: {
          get sessionId() {
            reads++;
            return 's1';
          },
        },
      }),
    );
    expect(reads).toBe(0);
    expect((await journal.list()).entries[0]!.session).toBe('s1');
    expect(reads).toBe(1);
  });

  it('keeps binary bodies as base64 and counts unmatched requests', async () => {
    const journal = await open();
    journal.record(exchange('/bin', { requestBody: Buffer.from([0xff, 0xfe, 0x00]) }));
    journal.record(exchange('/none', { applied: { delayMs: 0, nearMisses: 2 }, status: 404 }));
    const [, bin] = (await journal.list()).entries;
    expect((await journal.get(bin!.id))!.request.body).toEqual({ encoding: 'base64', data: '//4A', sizeBytes: 3, truncated: false });
    expect(await journal.count({ matched: false })).toBe(1);
    expect(await journal.count({ matched: true, status: 200 })).toBe(1);
  });

  it('writes pending entries in one batch and reads them back after the ring moved on', async () => {
    const file = tempFile();
    const journal = await open({ size: 2, persist: await persisted(file) });
    for (let i = 0; i < 5; i++) journal.record(exchange(`/p${i}`));
    const { entries } = await journal.list({ pathPrefix: '/p' });
    expect(entries.map((e) => e.path)).toEqual(['/p4', '/p3', '/p2', '/p1', '/p0']);
    expect((await journal.get(entries[4]!.id))!.response.body).toMatchObject({ data: 'ok' });
  });

  it('drops persisted entries older than the retention age, by the clock it was given', async () => {
    const file = tempFile();
    const clock = new ManualClock({ epochMs: Date.UTC(2026, 0, 1) });
    const journal = await open({ size: 1, clock, persist: await persisted(file, { count: 100, ageMs: 1000 }) });
    journal.record(exchange('/old', { arrivedAtMs: clock.epochMs() }));
    await journal.flush();
    clock.advance(5000);
    journal.record(exchange('/new1', { arrivedAtMs: clock.epochMs() }));
    journal.record(exchange('/new2', { arrivedAtMs: clock.epochMs() }));
    await journal.flush();
    expect((await journal.list()).entries.map((e) => e.path)).toEqual(['/new2', '/new1']);
  });

  it('writes a batch when its interval passes on the clock it was given', async () => {
    const clock = new ManualClock({ epochMs: Date.now() });
    const store = createMemoryJournalStore({ count: 100, ageMs: 60_000 });
    const journal = await open({ size: 1, clock, persist: { store, batchIntervalMs: 200, batchSize: 10 } });
    journal.record(exchange('/a'));
    journal.record(exchange('/b'));
    await clock.advanceAsync(199);
    expect(await store.count({}, undefined)).toBe(0);
    await clock.advanceAsync(1);
    expect(await store.count({}, undefined)).toBe(2);
    // The ring holds /b only: /a comes back from the store.
    expect((await journal.list()).entries.map((e) => e.path)).toEqual(['/b', '/a']);
  });

  it('by default writes the requests of separate turns in one batch, 100 ms after the first', async () => {
    const clock = new ManualClock({ epochMs: Date.now() });
    const store = createMemoryJournalStore({ count: 100, ageMs: 60_000 });
    const journal = await open({ size: 10, clock, persist: { store } });
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    journal.record(exchange('/a'));
    await nextTurn();
    await clock.advanceAsync(50);
    journal.record(exchange('/b'));
    await nextTurn();
    await clock.advanceAsync(49);
    expect(await store.count({}, undefined)).toBe(0);
    await clock.advanceAsync(1);
    expect(await store.count({}, undefined)).toBe(2);
  });

  it('writes at the end of the turn in which 32 entries are serialized, and keeps no request past its turn', async () => {
    const clock = new ManualClock({ epochMs: Date.now() });
    const store = createMemoryJournalStore({ count: 100, ageMs: 60_000 });
    const journal = await open({ size: 3, clock, persist: { store } });
    for (let i = 0; i < 31; i++) journal.record(exchange(`/a/${i}`));
    await new Promise((resolve) => setImmediate(resolve));
    expect(await store.count({}, undefined)).toBe(0);
    journal.record(exchange('/b'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(await store.count({}, undefined)).toBe(32);
  });

  it('serializes a backlog batchSize per event-loop turn, writes it 32 rows at a time, and all of it when flushed', async () => {
    const clock = new ManualClock({ epochMs: Date.now() });
    const store = createMemoryJournalStore({ count: 1_000, ageMs: 60_000 });
    const journal = await open({ size: 100, clock, persist: { store, batchSize: 8 } });
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 70; i++) journal.record(exchange(`/a/${i}`));
    const written: number[] = [];
    for (let turn = 0; turn < 10; turn++) {
      await nextTurn();
      written.push(await store.count({}, undefined));
    }
    // 8 serialized a turn, a write at 32 and at 64; the last 6 wait for the batch interval.
    expect(written).toEqual([0, 0, 0, 32, 32, 32, 32, 64, 64, 64]);
    await clock.advanceAsync(100);
    expect(await store.count({}, undefined)).toBe(70);
    for (let i = 0; i < 20; i++) journal.record(exchange(`/b/${i}`));
    await nextTurn();
    await journal.flush();
    expect(await store.count({}, undefined)).toBe(90);
    // Oldest first: the ids the store holds are in recording order.
    const paths = (await store.list({}, undefined, 100)).map((summary) => summary.path).reverse();
    expect(paths).toEqual([...Array.from({ length: 70 }, (_, i) => `/a/${i}`), ...Array.from({ length: 20 }, (_, i) => `/b/${i}`)]);
  });

  it('under steady load spreads the persisted requests over the second instead of taking the first perSecond', async () => {
    const clock = new ManualClock({ epochMs: Date.now() });
    const store = createMemoryJournalStore({ count: 1_000, ageMs: 60_000 });
    const journal = await open({ size: 100, clock, persist: { store, perSecond: 10 } });
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    // A burst of perSecond passes whole; the next request finds the bucket empty.
    for (let i = 0; i < 11; i++) journal.record(exchange(`/burst/${i}`, { arrivedAtMs: t0 }));
    expect(journal.dropped).toBe(1);
    // One request every 50 ms for a second: the bucket refills one every 100 ms.
    for (let i = 1; i <= 20; i++) journal.record(exchange(`/steady/${i * 50}`, { arrivedAtMs: t0 + i * 50 }));
    expect(journal.dropped).toBe(11);
    await journal.flush();
    const steady = (await store.list({ pathPrefix: '/steady/' }, undefined, 100)).map((summary) => Number(summary.path.slice('/steady/'.length)));
    expect(steady.reverse()).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('rejects a cursor it did not make', async () => {
    const journal = await open();
    await expect(journal.list({}, { cursor: 'nonsense' })).rejects.toThrow(/invalid journal cursor/);
  });

  it('persists at most perSecond requests of each second and counts the rest as dropped', async () => {
    const journal = await open({ size: 2, persist: { ...(await persisted(tempFile())), perSecond: 3 } });
    const second = Math.floor(Date.now() / 1000) * 1000;
    for (let i = 0; i < 5; i++) journal.record(exchange(`/first/${i}`, { arrivedAtMs: second + i }));
    for (let i = 0; i < 2; i++) journal.record(exchange(`/next/${i}`, { arrivedAtMs: second + 1000 + i }));
    expect(journal.dropped).toBe(2);
    // The ring holds the newest two; beyond it, only what was persisted.
    const paths = [];
    let page = await journal.list({}, { limit: 2 });
    for (;;) {
      paths.push(...page.entries.map((entry) => entry.path));
      if (!page.nextCursor) break;
      page = await journal.list({}, { limit: 2, cursor: page.nextCursor });
    }
    expect(paths).toEqual(['/next/1', '/next/0', '/first/2', '/first/1', '/first/0']);
    const oldest = (await journal.list({ pathPrefix: '/first/0' })).entries[0]!;
    expect((await journal.get(oldest.id))!.path).toBe('/first/0');
  });

  it('counts a batch it could not write as dropped, reports the error, and keeps the entries in the ring', async () => {
    const file = tempFile();
    const errors: unknown[] = [];
    const journal = await open({ persist: await persisted(file), onError: (error) => errors.push(error) });
    // Another connection holds the write lock past the journal's busy timeout (5 s): its batch fails.
    const { default: Database } = await import('better-sqlite3');
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      journal.record(exchange('/a'));
      journal.record(exchange('/b'));
      await journal.flush();
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(errors).toHaveLength(1);
    expect(journal.dropped).toBe(2);
    expect((await journal.list()).entries.map((entry) => entry.path)).toEqual(['/b', '/a']);
  }, 20_000);
});

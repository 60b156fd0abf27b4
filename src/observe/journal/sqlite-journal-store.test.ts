import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeFilter } from './journal-filter.js';
import { describeJournalStore } from './journal-store.contract.js';
import { PRUNE_STEP_ROWS, type JournalRow } from './journal-store.js';
import { openSqliteJournalStore } from './sqlite-journal-store.js';

const rowsFrom = (first: number, n: number, arrivedAtMs: number): JournalRow[] =>
  Array.from({ length: n }, (_, i) => [first + i, arrivedAtMs, 'GET', '/a', 200, 'e', null, 1, 0, '{}']);

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'mimicus-journal-store-')), 'journal.sqlite');

describeJournalStore('sqlite', (retention) => openSqliteJournalStore(tempFile(), retention));

describe('sqlite JournalStore on a file', () => {
  it('continues ids after a restart', async () => {
    const file = tempFile();
    const retention = { count: 100, ageMs: 3_600_000 };
    const first = await openSqliteJournalStore(file, retention);
    const now = Date.now();
    await first.write([[41, now, 'GET', '/a', 200, 'e', null, 1, 0, '{}']], now);
    await first.close(now);
    const again = await openSqliteJournalStore(file, retention);
    expect(again.lastId).toBe(41);
    expect(await again.count(normalizeFilter(), undefined)).toBe(1);
    await again.close(now);
  });

  it('after `count` was lowered, drains the excess one step per batch and the rest at close', async () => {
    const file = tempFile();
    const now = Date.now();
    const backlog = PRUNE_STEP_ROWS * 2 + 40;
    const wide = await openSqliteJournalStore(file, { count: 10_000, ageMs: 3_600_000 });
    await wide.write(rowsFrom(1, backlog, now), now);
    await wide.close(now);
    const narrow = await openSqliteJournalStore(file, { count: 10, ageMs: 3_600_000 });
    await narrow.write(rowsFrom(backlog + 1, 1, now), now);
    expect(await narrow.count(normalizeFilter(), undefined)).toBe(backlog + 1 - PRUNE_STEP_ROWS);
    await narrow.close(now);
    const after = await openSqliteJournalStore(file, { count: 10, ageMs: 3_600_000 });
    const kept = await after.list(normalizeFilter(), undefined, 100);
    expect(kept.map((summary) => Number(summary.id))).toEqual(Array.from({ length: 10 }, (_, i) => backlog + 1 - i));
    await after.close(now);
  });

  it('counts rows another store wrote to the same file once it has written `count` itself', async () => {
    const file = tempFile();
    const now = Date.now();
    const retention = { count: 50, ageMs: 3_600_000 };
    const a = await openSqliteJournalStore(file, retention);
    const b = await openSqliteJournalStore(file, retention);
    await a.write(rowsFrom(1, 50, now), now);
    // b counted 0 rows at open: its own 30 seem within `count`, though the file holds 80.
    await b.write(rowsFrom(1_000, 30, now), now);
    expect(await b.count(normalizeFilter(), undefined)).toBe(80);
    // Its 50th row makes it count the file again: back to the newest 50.
    await b.write(rowsFrom(1_030, 20, now), now);
    const kept = await b.list(normalizeFilter(), undefined, 100);
    expect(kept).toHaveLength(50);
    expect(Number(kept.at(-1)!.id)).toBe(1_000);
    await a.close(now);
    await b.close(now);
  });

  it('refuses a file that is not a database, naming it', async () => {
    const file = tempFile();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'not a database, just text that is long enough to be read as a header'.repeat(10));
    await expect(openSqliteJournalStore(file, { count: 1, ageMs: 1 })).rejects.toMatchObject({ code: 'STATE_STORE_FAILED' });
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeFilter } from './journal-filter.js';
import { describeJournalStore } from './journal-store.contract.js';
import { openSqliteJournalStore } from './sqlite-journal-store.js';

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

  it('refuses a file that is not a database, naming it', async () => {
    const file = tempFile();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'not a database, just text that is long enough to be read as a header'.repeat(10));
    await expect(openSqliteJournalStore(file, { count: 1, ageMs: 1 })).rejects.toMatchObject({ code: 'STATE_STORE_FAILED' });
  });
});

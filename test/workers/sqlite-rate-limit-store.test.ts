import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRateLimitStore } from '../../src/engine/behaviors/rate-limit-store.contract.js';
import { openSqliteRateLimitStore } from '../../src/workers/sqlite-rate-limit-store.js';

describeRateLimitStore('sqlite', () => openSqliteRateLimitStore({ file: ':memory:' }));

describe('sqlite RateLimitStore shared by two openers of one file', () => {
  it('keeps one bucket: what one takes, the other cannot', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mimicus-rl-')), 'rate-limits.sqlite');
    const a = await openSqliteRateLimitStore({ file });
    // The second opener's monotonic clock starts 5 s later: toSharedMs puts both on one time line.
    const b = await openSqliteRateLimitStore({ file, toSharedMs: (ms) => ms + 5_000 });
    const limit = { tokensPerSecond: 1, burst: 10, maxKeys: 100 };
    let admitted = 0;
    for (let i = 0; i < 20; i++) {
      if (a.take('b', 'k', limit, 10_000).allowed) admitted++;
      if (b.take('b', 'k', limit, 5_000).allowed) admitted++;
    }
    expect(admitted).toBe(10);
    // One second later (on the shared line) exactly one more token is there, for whichever asks first.
    expect(b.take('b', 'k', limit, 6_000).allowed).toBe(true);
    expect(a.take('b', 'k', limit, 11_000).allowed).toBe(false);
    a.close();
    b.close();
  });
});

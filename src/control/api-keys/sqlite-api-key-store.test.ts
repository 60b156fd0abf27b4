import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeApiKeyStore } from './api-key-store.contract.js';
import { createSqliteApiKeyStore } from './sqlite-api-key-store.js';

describeApiKeyStore('sqlite', async (options) => createSqliteApiKeyStore({ ...options, file: ':memory:' }));

describe('sqlite ApiKeyStore on a file', () => {
  it('keeps keys across restarts, stored by hash only', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mimicus-keys-')), 'control.sqlite');
    const first = createSqliteApiKeyStore({ file });
    const { secret } = await first.create({ name: 'ci', role: 'read' });
    await first.close();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(file).includes(secret)).toBe(false);
    const again = createSqliteApiKeyStore({ file });
    expect(await again.hasAny()).toBe(true);
    expect(await again.authenticate(secret)).toMatchObject({ name: 'ci', role: 'read' });
    await again.close();
  });
});

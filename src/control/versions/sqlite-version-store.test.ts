import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../config/index.js';
import { createSqliteVersionStore } from './sqlite-version-store.js';
import { describeVersionStore } from './version-store.contract.js';

describeVersionStore('sqlite', async (options) => createSqliteVersionStore({ ...options, file: ':memory:' }));

describe('sqlite VersionStore on a file', () => {
  const config = (id: string) => ({ version: 2, endpoints: [{ id, path: `/${id}`, response: { status: 200 } }] }) as unknown as Config;
  const file = () => join(mkdtempSync(join(tmpdir(), 'mimicus-versions-')), 'control.sqlite');

  it('keeps one history across restarts, recording the startup config only when it changed', async () => {
    const path = file();
    const first = createSqliteVersionStore({ file: path, startup: { config: config('a'), at: new Date() } });
    await first.record(config('b'), { author: 'x' });
    await first.close();

    const same = createSqliteVersionStore({ file: path, startup: { config: config('b'), at: new Date() } });
    expect((await same.list()).map((meta) => meta.author)).toEqual(['x', 'startup']);
    await same.close();

    const changed = createSqliteVersionStore({ file: path, startup: { config: config('c'), at: new Date() } });
    expect(await changed.latest()).toMatchObject({ id: 3, author: 'startup', summary: 'endpoints: +c, -b' });
    await changed.close();
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStateStore } from '../../src/state/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mimicus-kill-9-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const root = fileURLToPath(new URL('../..', import.meta.url));
// The source, run through tsx: dist/ may be stale when the suite runs with MIMICUS_TEST_NO_BUILD=1.
const storeModule = new URL('../../src/state/sqlite-state-store.ts', import.meta.url).href;

/**
 * Writes as fast as it can: each turn issues 700 `set('k', n)` and 700 `increment('c')` calls (so
 * groups fill up and commit early as well as at the end of the turn), and prints each value on its
 * own line once its promise resolved, which is when it is committed. Pipes are synchronous on POSIX:
 * once a line is written, the parent has it, even if the child dies right after.
 */
const WRITER = `
const [storeModule, file] = process.argv.slice(2);
const { openSqliteStateStore } = await import(storeModule);
const store = await openSqliteStateStore({ file });
const print = (line) => process.stdout.write(line + '\\n');
for (let n = 1; ; ) {
  const calls = [];
  for (const end = n + 700; n < end; n++) {
    const value = n;
    calls.push(store.set('k', value).then(() => print('k ' + value)));
    calls.push(store.increment('c').then((counter) => print('c ' + counter)));
  }
  await Promise.all(calls);
}
`;

describe('sqlite StateStore with group commit under kill -9', () => {
  it('keeps every write it reported as committed, in a sound file', async () => {
    const script = join(dir, 'writer.mjs');
    writeFileSync(script, WRITER);
    const file = join(dir, 'state.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', script, storeModule, file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));

    // Start the clock at the first committed write, not at spawn: loading tsx takes a while.
    const deadline = Date.now() + 10_000;
    while (stdout === '' && Date.now() < deadline && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(stdout, stderr).not.toBe('');
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGKILL');
    expect(await exited, stderr).toBe('SIGKILL');

    const reported = { k: 0, c: 0 };
    for (const line of stdout.split('\n')) {
      const match = /^([kc]) (\d+)$/.exec(line); // the last line may be cut short
      if (match) reported[match[1] as 'k' | 'c'] = Math.max(reported[match[1] as 'k' | 'c'], Number(match[2]));
    }
    // Enough writes for many groups, early commits and WAL checkpoints.
    expect(reported.c).toBeGreaterThan(2_000);

    const db = new Database(file);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    const store = await openSqliteStateStore({ file, purgeIntervalMs: 0 });
    try {
      expect(await store.get('k')).toBeGreaterThanOrEqual(reported.k);
      expect(await store.get('c')).toBeGreaterThanOrEqual(reported.c);
    } finally {
      await store.close();
    }
  });
});

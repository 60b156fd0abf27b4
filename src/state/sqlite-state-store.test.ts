import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStateStore } from './sqlite-state-store.js';
import { describeStateStoreExpiry } from './state-store-expiry.contract.js';
import { describeStateStore } from './state-store.contract.js';

describeStateStore('sqlite (:memory:)', (options) => openSqliteStateStore({ ...options, file: ':memory:' }));
describeStateStoreExpiry('sqlite (:memory:)', (options) => openSqliteStateStore({ ...options, file: ':memory:' }));

const dir = mkdtempSync(join(tmpdir(), 'mimicus-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const aFile = (): string => join(dir, `run-${files++}`, 'state.sqlite');

describeStateStore('sqlite (file)', (options) => openSqliteStateStore({ ...options, file: aFile() }));
describeStateStoreExpiry('sqlite (file)', (options) => openSqliteStateStore({ ...options, file: aFile() }));

const writer = fileURLToPath(new URL('./sqlite-writer-for-tests.ts', import.meta.url));

/** Starts the writer child; `lines` fills with what it printed. */
function startWriter(file: string, count: number, mode = 'write') {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, file, String(count), mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, lines, exited, stderr: () => stderr };
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the writer');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function integrityCheck(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('sqlite StateStore on disk', () => {
  it('creates the data directory and keeps state across a close and reopen', async () => {
    const file = join(dir, 'nested', 'data', 'state.sqlite');
    const first = await openSqliteStateStore({ file });
    await first.apply([
      { kind: 'set', key: 'global:cart', value: { items: [{ sku: 'a', qty: 2 }] } },
      { kind: 'increment', key: 'global:orders', by: 7 },
      { kind: 'set', key: 'global:token', value: 't', ttlMs: 60_000 },
    ]);
    await first.close();

    const second = await openSqliteStateStore({ file });
    expect(Object.fromEntries(await second.getMany(['global:cart', 'global:orders', 'global:token']))).toEqual({
      'global:cart': { items: [{ sku: 'a', qty: 2 }] },
      'global:orders': 7,
      'global:token': 't',
    });
    expect(await second.increment('global:orders')).toBe(8);
    await second.close();
  });

  it('keeps TTLs across a reopen', async () => {
    let at = 1_000;
    const file = aFile();
    const first = await openSqliteStateStore({ file, now: () => at });
    await first.set('k', 1, { ttlMs: 100 });
    await first.close();
    at = 1_100;
    const second = await openSqliteStateStore({ file, now: () => at });
    expect(await second.get('k')).toBeUndefined();
    await second.close();
  });

  it('refuses a file that is not a database with STATE_STORE_FAILED', async () => {
    const file = join(dir, 'garbage.sqlite');
    writeFileSync(file, 'this is not a database'.repeat(100));
    await expect(openSqliteStateStore({ file })).rejects.toMatchObject({ code: 'STATE_STORE_FAILED' });
  });

  it('keeps every committed increment and a sound file through kill -9 in the middle of writes', async () => {
    const file = aFile();
    let committed = 0;
    for (let round = 0; round < 3; round++) {
      const run = startWriter(file, 0);
      // Let it write for a while (hundreds of commits, several WAL checkpoints) before killing it.
      await until(() => run.lines.length >= 300 + round * 100);
      run.child.kill('SIGKILL');
      const { signal } = await run.exited;
      expect(signal, run.stderr()).toBe('SIGKILL');
      const reported = run.lines.map(Number);
      expect(reported[0]).toBe(committed + 1);
      const last = reported.at(-1)!;

      expect(integrityCheck(file)).toBe('ok');
      const store = await openSqliteStateStore({ file });
      const counter = (await store.get('counter')) as number;
      // The child can die between COMMIT and printing the line, so at most one more commit exists.
      expect([last, last + 1]).toContain(counter);
      const blobs = await store.list('blob:');
      expect(blobs.length).toBeGreaterThan(0);
      await store.close();
      committed = counter;
    }
  });

  it('gives concurrent increments from two processes on one file distinct values', async () => {
    const file = aFile();
    const setup = await openSqliteStateStore({ file });
    await setup.set('counter', 0);
    await setup.close();
    const runs = [startWriter(file, 400), startWriter(file, 400)];
    const results = await Promise.all(runs.map((run) => run.exited));
    results.forEach((result, i) => expect(result.code, runs[i]!.stderr()).toBe(0));
    const values = runs.flatMap((run) => run.lines.map(Number));
    expect(values).toHaveLength(800);
    expect(new Set(values).size).toBe(800);
    const store = await openSqliteStateStore({ file });
    expect(await store.get('counter')).toBe(800);
    await store.close();
  });

  it('lets a process exit while a store with a purge timer is still open', async () => {
    const run = startWriter(aFile(), 0, 'idle');
    const result = await run.exited;
    expect(result.code, run.stderr()).toBe(0);
    expect(run.lines).toEqual(['idle']);
  });
});

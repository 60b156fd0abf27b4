import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openSqliteFile } from './open-sqlite-file.js';

const opener = fileURLToPath(new URL('./open-sqlite-file.ts', import.meta.url));
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `processes` processes opening the same `files` new files in turn, started at the same instant,
 * as the workers of `serve --workers` open theirs; resolves with the errors of the opens that failed.
 */
async function openTogether(dir: string, processes: number, files: number): Promise<string[]> {
  const startAt = Date.now() + 2500;
  const script = `
    import { openSqliteFile } from ${JSON.stringify(opener)};
    while (Date.now() < ${startAt}) {}
    const failures = [];
    for (let i = 0; i < ${files}; i++) {
      try {
        const db = await openSqliteFile(${JSON.stringify(dir)} + '/' + i + '.sqlite', {
          schema: 'CREATE TABLE IF NOT EXISTS t (x INTEGER PRIMARY KEY); CREATE INDEX IF NOT EXISTS t_x ON t (x);',
        });
        db.close();
      } catch (error) {
        failures.push(String(error));
      }
    }
    console.log(JSON.stringify(failures));`;
  const runs = Array.from(
    { length: processes },
    () =>
      new Promise<string[]>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
          cwd: projectRoot,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        let errors = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as string[]) : reject(new Error(`opener exited ${code}: ${errors}`))));
      }),
  );
  return (await Promise.all(runs)).flat();
}

describe('openSqliteFile', () => {
  // Without the retries, 3-5 of these 100 opens failed with "database is locked" in two runs of three.
  it('opens new files that several processes open at the same instant, none failing with SQLITE_BUSY', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mimicus-sqlite-race-'));
    expect(await openTogether(dir, 4, 25)).toEqual([]);
  }, 60_000);

  it('creates the directory of a new file, in WAL, with the schema and the synchronous level asked for', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mimicus-sqlite-')), 'a', 'b', 'new.sqlite');
    const db = await openSqliteFile(file, { synchronous: 'OFF', schema: 'CREATE TABLE IF NOT EXISTS t (x);' });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(0);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});

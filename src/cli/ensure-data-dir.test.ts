import * as fs from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

// node:fs is the boundary faked here (not ours): its mkdirSync is wrapped so another process can
// "win" the race between our look at the path and our mkdir, which real timing cannot pin down.
const race = vi.hoisted(() => ({ otherProcessWins: false }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    mkdirSync: (path: fs.PathLike, options?: fs.MakeDirectoryOptions) => {
      if (race.otherProcessWins) real.mkdirSync(path, options); // the other process makes it first
      return real.mkdirSync(path, options);
    },
  };
});

const { ensureDataDir } = await import('./ensure-data-dir.js');

const roots: string[] = [];
afterEach(() => {
  race.otherProcessWins = false;
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function scratch(): string {
  const root = mkdtempSync(join(tmpdir(), 'mimicus-data-dir-'));
  roots.push(root);
  return root;
}

describe('ensureDataDir', () => {
  it('creates missing levels one at a time', () => {
    const dir = join(scratch(), 'a', 'b', '.mimicus');
    expect(ensureDataDir(dir)).toEqual({ ok: true, dir });
    expect(fs.statSync(dir).isDirectory()).toBe(true);
  });

  it('accepts a directory another process created between its look and its mkdir (EEXIST)', () => {
    race.otherProcessWins = true;
    const dir = join(scratch(), 'shared', '.mimicus');
    expect(ensureDataDir(dir)).toEqual({ ok: true, dir });
  });

  it('refuses a path that is a file', () => {
    const file = join(scratch(), 'not-a-dir');
    fs.writeFileSync(file, '');
    expect(ensureDataDir(file)).toEqual({ ok: false, message: `${file} exists and is not a directory` });
  });
});

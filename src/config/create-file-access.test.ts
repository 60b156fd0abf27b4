import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileAccess } from './create-file-access.js';

function tree() {
  const parent = mkdtempSync(join(tmpdir(), 'mimicus-access-'));
  const dir = join(parent, 'config');
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'ten.txt'), '0123456789');
  writeFileSync(join(dir, 'data', 'db.sqlite'), 'x');
  symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
  symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
  symlinkSync(join(dir, 'data'), join(dir, 'data-link'));
  return { parent, dir };
}

describe('createFileAccess', () => {
  it('reads a file of exactly the limit and refuses one byte more', async () => {
    const { dir } = tree();
    expect(await createFileAccess({ configDir: dir, maxBytes: 10 }).read('ten.txt', dir)).toEqual({ ok: true, value: Buffer.from('0123456789') });
    expect(await createFileAccess({ configDir: dir, maxBytes: 9, maxBytesSetting: 'server.maxFileSize' }).read('ten.txt', dir)).toEqual({
      ok: false,
      error: '"ten.txt" is 10 B, over the limit of 9 B (raise server.maxFileSize to allow it)',
    });
  });

  it('enforces the limit while reading, since /proc files report a size of 0', async () => {
    const read = await createFileAccess({ configDir: '/proc', maxBytes: 16 }).read('/proc/self/status', '/proc');
    expect(read).toEqual({ ok: false, error: '"/proc/self/status" is larger than the limit of 16 B' });
  });

  it('refuses the data directory, also through a symlink to it', async () => {
    const { dir } = tree();
    const access = createFileAccess({ configDir: dir, maxBytes: 100, forbiddenDirs: ['data'] });
    for (const path of ['data/db.sqlite', 'data-link/db.sqlite', './data/../data/db.sqlite']) {
      const read = await access.read(path, dir);
      expect(read.ok, path).toBe(false);
      expect(read.ok ? '' : read.error, path).toContain('is inside the data directory');
    }
  });

  it('says what is wrong with a missing file, a symlink loop and a path that lexically leaves the roots', async () => {
    const { dir } = tree();
    const access = createFileAccess({ configDir: dir, maxBytes: 100 });
    expect(await access.read('nope.txt', dir)).toEqual({ ok: false, error: '"nope.txt" does not exist' });
    expect(await access.read('loop-a', dir)).toEqual({ ok: false, error: '"loop-a" is a symlink loop' });
    const escaped = await access.read('data/../../config-sibling.txt', dir);
    expect(escaped.ok ? '' : escaped.error).toMatch(
      /^"data\/\.\.\/\.\.\/config-sibling\.txt" resolves to .*config-sibling\.txt, outside the config's directory/,
    );
  });

  it('does not take a sibling whose name starts like a root for a path inside it', async () => {
    const { parent, dir } = tree();
    mkdirSync(`${dir}-evil`);
    writeFileSync(join(`${dir}-evil`, 'x.txt'), 'x');
    const read = await createFileAccess({ configDir: dir, maxBytes: 100 }).read(join(parent, 'config-evil', 'x.txt'), dir);
    expect(read.ok).toBe(false);
  });
});

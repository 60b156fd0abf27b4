import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requireWithCodeCache, writeCodeCache } from './require-with-code-cache.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function moduleFile(body: string): { file: string; cacheFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'code-cache-'));
  dirs.push(dir);
  const file = join(dir, 'double.cjs');
  writeFileSync(file, body);
  return { file, cacheFile: join(dir, 'double.v8cache') };
}

const exercise = (exports: unknown) => void (exports as (n: number) => number)(1);

describe('requireWithCodeCache', () => {
  it('gives the exports of a CommonJS file, with or without a cache', () => {
    const { file, cacheFile } = moduleFile('"use strict"; module.exports = (n) => n * 2; module.exports.dir = __dirname;');
    const fresh = requireWithCodeCache(file, cacheFile);
    expect(fresh.fromCache).toBe(false);
    expect((fresh.exports as (n: number) => number)(21)).toBe(42);
    writeCodeCache(file, cacheFile, exercise);
    const cached = requireWithCodeCache(file, cacheFile);
    expect((cached.exports as (n: number) => number)(4)).toBe(8);
    expect((cached.exports as { dir: string }).dir).toBe(join(file, '..'));
  });

  it('uses the cache in a process with the flags it was made under', () => {
    const { file, cacheFile } = moduleFile('module.exports = (n) => n * 2;');
    writeCodeCache(file, cacheFile, exercise);
    // This process (vitest's worker) has the same V8 flags as a child started without any.
    const script = `import('${new URL('./require-with-code-cache.ts', import.meta.url).pathname}').then(({ requireWithCodeCache }) => { const { exports, fromCache } = requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheFile)}); console.log(JSON.stringify({ fromCache, value: exports(5) })); })`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ fromCache: true, value: 10 });
  });

  it('ignores a cache made for another source of the same length', () => {
    const { file, cacheFile } = moduleFile('module.exports = (n) => n * 2;');
    writeCodeCache(file, cacheFile, exercise);
    writeFileSync(file, 'module.exports = (n) => n * 3;');
    const loaded = requireWithCodeCache(file, cacheFile);
    expect(loaded.fromCache).toBe(false);
    expect((loaded.exports as (n: number) => number)(5)).toBe(15);
  });
});

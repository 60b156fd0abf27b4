import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTempFiles } from './support/start-mimicus.js';

const BIN_DIR = new URL('../bin/', import.meta.url).pathname;
const BUNDLE_DIR = new URL('../dist/bundle/', import.meta.url).pathname;

/** Loads a bundle as bin/mimicus.js does (its V8 flags first), in a process of its own; says whether V8 took the cache. */
function load(file: string, cacheFile: string): { fromCache: boolean; runCli: string } {
  const script = [
    `import { setFlagsFromString } from 'node:v8';`,
    `const { V8_FLAGS } = await import(${JSON.stringify(join(BIN_DIR, 'v8-flags.js'))});`,
    `for (const flag of V8_FLAGS) setFlagsFromString(flag);`,
    `const { loadCliBundle } = await import(${JSON.stringify(join(BIN_DIR, 'load-cli-bundle.js'))});`,
    `const { exports, fromCache } = loadCliBundle(${JSON.stringify(file)}, ${JSON.stringify(cacheFile)});`,
    `console.log(JSON.stringify({ fromCache, runCli: typeof exports.runCli }));`,
  ].join('\n');
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as { fromCache: boolean; runCli: string };
}

describe('the bundled CLI and its V8 code cache', () => {
  it('compiles from the cache the build wrote for it', () => {
    expect(load(join(BUNDLE_DIR, 'cli.js'), join(BUNDLE_DIR, 'cli.v8cache'))).toEqual({ fromCache: true, runCli: 'function' });
  });

  it('compiles without the cache when the script is not the one the cache was written for', () => {
    // Same length as the built script, one character changed: V8 itself checks only the length.
    const source = readFileSync(join(BUNDLE_DIR, 'cli.js'), 'latin1');
    const at = source.indexOf('"use strict"');
    const dir = writeTempFiles({});
    writeFileSync(join(dir, 'cli.js'), `${source.slice(0, at)}'use strict'${source.slice(at + 12)}`, 'latin1');
    copyFileSync(join(BUNDLE_DIR, 'cli.v8cache'), join(dir, 'cli.v8cache'));
    expect(load(join(dir, 'cli.js'), join(dir, 'cli.v8cache'))).toEqual({ fromCache: false, runCli: 'function' });
  });

  it('compiles without a cache file', () => {
    const dir = writeTempFiles({});
    copyFileSync(join(BUNDLE_DIR, 'cli.js'), join(dir, 'cli.js'));
    expect(load(join(dir, 'cli.js'), join(dir, 'no-such.v8cache'))).toEqual({ fromCache: false, runCli: 'function' });
  });
});

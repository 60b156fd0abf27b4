import { createHash } from 'node:crypto';
import { isAscii } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/**
 * A CommonJS file's exports, compiled from V8's code cache when `cacheFile` holds one made for
 * this very source (writeCodeCache). Node 20 caches no module code (`module.enableCompileCache`
 * is 22.1+), and the prebuilt config validator is 0.9 MB of Ajv code whose main function V8
 * compiles lazily on its first call: parsing it, compiling that function and running it cold
 * took ~85 ms of CPU at every start, ~30 from the cache (issue 19). Without a usable cache
 * (none, made for another source, or by a V8 or flag set other than this process's) the file is
 * compiled as `require` would: slower, never wrong.
 */
export function requireWithCodeCache(file: string, cacheFile: string): { exports: unknown; fromCache: boolean } {
  const sourceBytes = readFileSync(file);
  const cachedData = cacheFor(sourceBytes, cacheFile);
  const script = compile(file, sourceBytes, cachedData);
  return { exports: run(script, file), fromCache: cachedData !== undefined && !script.cachedDataRejected };
}

/**
 * Writes `cacheFile` for `file`, after `exercise` has called into its exports, so the functions
 * a start calls are in the cache compiled, not only the top level. V8 accepts a cache only in a
 * process with the same V8 flags: run this with the flags the CLI sets (bin/v8-flags.js).
 */
export function writeCodeCache(file: string, cacheFile: string, exercise: (exports: unknown) => void): void {
  const sourceBytes = readFileSync(file);
  const script = compile(file, sourceBytes, undefined);
  exercise(run(script, file));
  writeFileSync(cacheFile, Buffer.concat([sourceDigest(sourceBytes), script.createCachedData()]));
}

// V8 checks a cache against the source's length only, so the cache starts with the source's digest.
const DIGEST_BYTES = 32;
const sourceDigest = (sourceBytes: Buffer): Buffer => createHash('sha256').update(sourceBytes).digest();

function cacheFor(sourceBytes: Buffer, cacheFile: string): Buffer | undefined {
  let cache: Buffer;
  try {
    cache = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (cache.length <= DIGEST_BYTES || !cache.subarray(0, DIGEST_BYTES).equals(sourceDigest(sourceBytes))) return undefined;
  return cache.subarray(DIGEST_BYTES);
}

function compile(file: string, sourceBytes: Buffer, cachedData: Buffer | undefined): Script {
  // ASCII decodes as latin1 without UTF-8 validation, into the one-byte string V8 keeps anyway.
  const source = sourceBytes.toString(isAscii(sourceBytes) ? 'latin1' : 'utf8');
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  return new Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
}

function run(script: Script, file: string): unknown {
  const module = { exports: {} as unknown };
  const body = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void;
  body(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

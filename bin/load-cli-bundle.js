import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

/**
 * The bundled CLI (dist/bundle/cli.js: one script, a CommonJS module's function, written by scripts/bundle-cli.mjs),
 * compiled from V8's code cache beside it when that cache was made for this very source. Node 20
 * caches no module code (`module.enableCompileCache` is 22.1+): compiling the ES module chunks
 * and then, lazily, each function a start calls was about a third of a start's CPU (issue 19).
 * A vm.Script takes a cache; the build writes one after a start has run and answered
 * (scripts/write-cli-code-cache.mjs), so the functions a start calls are in it compiled. Without a
 * usable cache (none, made for another source, or by another V8 or flag set) the script compiles
 * as usual: slower, never wrong.
 *
 * @param {string} file the bundle
 * @param {string} cacheFile its code cache
 * @returns {{ exports: { runCli: () => Promise<void> }, fromCache: boolean, writeCache: () => void }}
 */
export function loadCliBundle(file, cacheFile) {
  const sourceBytes = readFileSync(file);
  const digest = createHash('sha256').update(sourceBytes).digest();
  const cachedData = cacheFor(digest, cacheFile);
  // ASCII (as the build keeps it) decodes as latin1 into an external one-byte string, outside
  // V8's heap; read as UTF-8 the same text measured ~10 MiB more RSS after start-up.
  const source = sourceBytes.toString(isAscii(sourceBytes) ? 'latin1' : 'utf8');
  // The file is a function expression (exports, require, module, __filename, __dirname, its URL).
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const fromCache = cachedData !== undefined && !script.cachedDataRejected;
  release(sourceBytes);
  if (cachedData) release(cachedData);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file), pathToFileURL(file).href);
  return {
    exports: module.exports,
    fromCache,
    // The cache holds every function compiled so far: call it after the work a start does.
    writeCache: () => writeFileSync(cacheFile, Buffer.concat([digest, script.createCachedData()])),
  };
}

/**
 * Frees a file's bytes at the next young-generation GC. Compiling the script allocates enough to
 * run a few of them while the bytes (~6 MB with the cache) are still in use, so their Buffers were
 * promoted and kept until a full GC: RSS at the first answer was ~7 MiB higher than it needed to
 * be. Transferring the memory to a new ArrayBuffer that nothing holds detaches the old one.
 */
function release(bytes) {
  // readFileSync's Buffers have memory of their own; never detach Node's shared pool.
  if (bytes.buffer.byteLength > Buffer.poolSize) structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
}

// V8 checks a cache against the source's length only, so the cache file starts with the source's digest.
const DIGEST_BYTES = 32;

function cacheFor(digest, cacheFile) {
  let cache;
  try {
    cache = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  return cache.length > DIGEST_BYTES && cache.subarray(0, DIGEST_BYTES).equals(digest) ? cache.subarray(DIGEST_BYTES) : undefined;
}

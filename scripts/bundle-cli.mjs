// Part of `npm run build`, after tsc and build-config-validator.mjs: bundles the CLI (dist/cli/main.js
// and the ~420 of our modules and ~300 of small packages' files it loads) into a few ES module chunks
// in dist/bundle/, which bin/mimicus.js runs. Node's ES module loader spends most of a start
// resolving, reading and linking files one by one: the bundle took CPU to the first answer from
// ~660 to ~390 ms and RSS at that point from 93 to 84 MiB (issue 19). Dynamic imports stay split
// into their own chunks, so what a start does not use (the admin API, importers, tracing) is still
// loaded only when used. dist/cli/ and the rest of dist/ stay as they were: the library entry
// (dist/index.js) and the tests use them.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);
const outdir = new URL('dist/bundle/', root);
const { dependencies } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

// Packages whose files are bundled in: plain JavaScript that loads at every start. Every other
// dependency stays a package import, for one of these reasons: native code (better-sqlite3);
// files that it loads by path or in worker threads (pino and its transports);
// only ever loaded lazily, and large (fastify and its other plugins, ajv, undici, ioredis, faker,
// OpenTelemetry's SDK, randexp).
const BUNDLED = new Set([
  'commander',
  'find-my-way',
  'yaml',
  'js-yaml',
  'handlebars',
  'prom-client',
  '@opentelemetry/api', // prom-client's; its global registry is shared by design with the SDK's copy
  'hdr-histogram-js',
  're2js',
  'jsonpath-plus',
  'lru-cache',
  'tinyglobby',
  'fastest-levenshtein',
  'typebox', // the admin API's contract schemas: ~370 files unbundled, a few of them used
  '@fastify/swagger', // in the admin chunk; unbundled, it loaded a second copy of yaml (73 files)
]);
for (const name of BUNDLED) if (!(name in dependencies)) throw new Error(`bundle-cli: ${name} is not a dependency any more`);

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [new URL('dist/cli/main.js', root).pathname],
  outdir: outdir.pathname,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(dependencies).filter((name) => !BUNDLED.has(name)),
  // Bundled CommonJS packages call require() for Node's own modules, which an ES module has no
  // binding for; esbuild's shim uses this one when it is in scope.
  banner: { js: "import { createRequire as __mimicusCreateRequire } from 'node:module'; const require = __mimicusCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  // V8 keeps each script's source text in the heap (7 MiB of large objects after an admin start),
  // so whitespace costs RSS: 3.8 → 2.9 MB of chunks, ~3 MiB less RSS. Identifiers are kept, so
  // stack traces still name our functions; renaming them too measured no better (keepNames' cost).
  minifyWhitespace: true,
  minifySyntax: true,
});
// The prebuilt config validator is found beside the module that validates (validate-schema.ts),
// which is now a chunk in dist/bundle/.
copyFileSync(new URL('dist/config/config-validator.cjs', root), new URL('config-validator.cjs', outdir));
// V8's code cache for it, written by a process with the CLI's V8 flags (the script says why).
execFileSync(process.execPath, [new URL('write-validator-code-cache.mjs', import.meta.url).pathname], { stdio: 'inherit' });

// Part of `npm run build`, after tsc and build-config-validator.mjs: bundles the CLI (dist/cli/run-cli.js
// and the ~420 of our modules and ~300 of small packages' files it loads) into one script,
// dist/bundle/cli.js, which bin/mimicus.js compiles from V8's code cache (bin/load-cli-bundle.js).
// Node's ES module loader spends most of a start resolving, reading and linking files one by one:
// bundling took CPU to the first answer from ~660 to ~390 ms and RSS at that point from 93 to 84 MiB
// (issue 19); compiling from the cache instead of from source took it down a further third. What a
// start does not use (the admin API, importers, tracing) is in the script but only run and
// compiled when used. dist/cli/ and the rest of dist/ stay as they were: the library entry
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
// only ever loaded lazily, and large (ajv and Fastify's schema compilers, undici, ioredis, faker,
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
  '@fastify/swagger', // the admin API's; unbundled, it loaded a second copy of yaml (73 files)
  // The admin API's server and plugins: in the script they are compiled from the code cache, not
  // from ~150 files of source at every start with the admin API (the shipped default).
  'fastify',
  '@fastify/static',
  '@fastify/websocket',
]);
for (const name of BUNDLED) if (!(name in dependencies)) throw new Error(`bundle-cli: ${name} is not a dependency any more`);

// prom-client's entry requires its Pushgateway (https, and with it tls and zlib: ~10 of Node's own
// modules compiled at every start) and its cluster aggregator, which a start does not use. In the
// bundle they are read on first use instead, as properties that require them.
const LAZY_PROM_CLIENT_EXPORTS = ['Pushgateway', 'AggregatorRegistry'];
const lazyPromClientExports = {
  name: 'lazy-prom-client-exports',
  setup(plugin) {
    plugin.onLoad({ filter: /[\\/]node_modules[\\/]prom-client[\\/]index\.js$/ }, ({ path }) => {
      let contents = readFileSync(path, 'utf8');
      for (const name of LAZY_PROM_CLIENT_EXPORTS) {
        const eager = new RegExp(`^exports\\.${name} = (require\\('[^']+'\\));$`, 'm');
        if (!eager.test(contents)) throw new Error(`bundle-cli: prom-client's index.js no longer exports ${name} as expected`);
        contents = contents.replace(eager, `Object.defineProperty(exports, '${name}', { enumerable: true, get: () => $1 });`);
      }
      return { contents, loader: 'js' };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const bundleFile = new URL('cli.js', outdir);
await build({
  entryPoints: [new URL('dist/cli/run-cli.js', root).pathname],
  outfile: bundleFile.pathname,
  bundle: true,
  // One CommonJS script, not ES module chunks: a vm.Script can be compiled from V8's code cache, an
  // ES module cannot in Node 20 (bin/load-cli-bundle.js says why that matters). What a start does
  // not use (the admin API, importers, tracing, the other commands) is in the script but neither
  // run nor compiled: esbuild wraps each module in a function called on its first import.
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // import() of a package left out (better-sqlite3, ioredis) becomes require(): a vm.Script's
  // import() needs Node's experimental vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER, which warns.
  supported: { 'dynamic-import': false },
  external: Object.keys(dependencies).filter((name) => !BUNDLED.has(name)),
  // Our modules find files beside them (the prebuilt validator, package.json) from import.meta.url:
  // bin/load-cli-bundle.js passes the bundle's own URL, and the bundle sits where the modules did.
  define: { 'import.meta.url': '__mimicusBundleUrl' },
  // The file is one function expression, as Node wraps a CommonJS module, so that the loader
  // compiles the file's own text: concatenating the wrapper would copy 2 MB of source at every start.
  banner: { js: '(function (exports, require, module, __filename, __dirname, __mimicusBundleUrl) {' },
  footer: { js: '})' },
  logLevel: 'warning',
  // V8 keeps each script's source text in the heap (7 MiB of large objects after an admin start),
  // so whitespace costs RSS: 3.8 → 2.9 MB of chunks, ~3 MiB less RSS. Identifiers are kept, so
  // stack traces still name our functions; renaming them too measured no better (keepNames' cost).
  minifyWhitespace: true,
  minifySyntax: true,
  // The packages' license comments go to cli.js.LEGAL.txt beside it: one of them is not ASCII.
  legalComments: 'linked',
  plugins: [lazyPromClientExports],
});
// An ASCII script is a one-byte string in V8's heap; one non-ASCII character (esbuild leaves them
// in regular expression literals) makes all of it two bytes a character: ~2 MiB more RSS.
const nonAscii = /[^\x00-\x7f]/.exec(readFileSync(bundleFile, 'latin1'));
if (nonAscii) console.warn(`bundle-cli: cli.js is not ASCII (character ${nonAscii.index}); escape it in the source (\\uXXXX) to halve the script's memory`);
// The prebuilt config validator is found beside the module that validates (validate-schema.ts),
// which is now in dist/bundle/cli.js.
copyFileSync(new URL('dist/config/config-validator.cjs', root), new URL('config-validator.cjs', outdir));
// V8's code caches for it and for the bundle, each written by a process with the CLI's V8 flags
// (the scripts say why).
execFileSync(process.execPath, [new URL('write-validator-code-cache.mjs', import.meta.url).pathname], { stdio: 'inherit' });
execFileSync(process.execPath, [new URL('write-cli-code-cache.mjs', import.meta.url).pathname], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });

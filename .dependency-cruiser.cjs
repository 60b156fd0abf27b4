/**
 * The import boundaries of STYLE.md ("Folders are the architecture"), enforced by `npm run lint`.
 * A zone is a top-level folder of src/. Across zones, code imports only the other zone's door
 * (its index.ts); the table below says which zones each may reach at all.
 */
const zones = [
  'config',
  'contract',
  'errors',
  'clock',
  'plan',
  'distributions',
  'engine',
  'upstream',
  'import',
  'sqlite',
  'state',
  'observe',
  'control',
  'cluster',
  'app',
  'workers',
  'cli',
];

/** zone -> zones it may import (besides itself) */
const allowed = {
  config: ['errors'],
  errors: [],
  // The admin API's data types and event payloads: the web console imports them, so a leaf beside config.
  contract: ['config'],
  // The Clock port and its two implementations: a leaf every zone that reads time or waits may use.
  clock: [],
  distributions: ['config'],
  plan: ['config', 'distributions', 'errors'],
  engine: ['config', 'plan', 'distributions', 'errors', 'clock', 'upstream', 'state', 'observe'],
  // Next: pools, balancers, health, resilience policies, caches and recording. The engine reaches
  // it through its door (the forwarder port); it is the only zone that imports undici.
  upstream: ['config', 'contract', 'plan', 'distributions', 'errors', 'clock', 'observe'],
  // Next: importers (OpenAPI, WireMock, Mockoon, mountebank, Postman, HAR): foreign text in, a
  // Config or issues out.
  // plan: generated bodies are checked with the same Ajv set-up (OpenAPI formats, linear regexes) as the request checks;
  // distributions: a HAR's timings are fitted to a latency distribution.
  import: ['config', 'errors', 'plan', 'distributions'],
  // Opening a SQLite file with the pragmas every store shares (busy timeout before WAL): a leaf.
  sqlite: [],
  state: ['config', 'errors', 'clock', 'sqlite'],
  observe: ['config', 'contract', 'errors', 'clock', 'sqlite'],
  control: ['config', 'contract', 'plan', 'errors', 'clock', 'state', 'observe', 'sqlite'],
  // Several instances as one, over Redis: shared rate-limit buckets (the engine's port), config
  // change notices, instances' metric snapshots. The app wires it; nothing else imports it.
  cluster: ['config', 'contract', 'errors', 'clock', 'engine', 'state', 'observe'],
  app: zones.filter((z) => z !== 'app' && z !== 'workers' && z !== 'cli'),
  // `serve --workers N`: node:cluster, the primary's and the workers' roles around createMimicus, the
  // SQLite rate-limit store the workers share. Composition like app/, one level above it.
  workers: ['app', 'config', 'contract', 'control', 'engine', 'errors', 'clock', 'observe', 'sqlite'],
  // import: `mimicus import` and `serve openapi.yaml` run the importers (pure text → config) directly.
  cli: ['app', 'config', 'import', 'workers'],
};

const forbidden = zones.map((zone) => {
  const others = zones.filter((z) => z !== zone && !allowed[zone].includes(z));
  return {
    name: `${zone}-boundary`,
    comment: `${zone}/ may import only: ${allowed[zone].join(', ') || 'npm packages'} (STYLE.md)`,
    severity: 'error',
    from: { path: `^src/${zone}/` },
    to: { path: `^src/(${others.join('|')})/` },
  };
});

forbidden.push(
  {
    name: 'through-the-door',
    comment: "another zone is reached only through its index.ts (STYLE.md: a folder's index.ts is its door)",
    severity: 'error',
    from: { path: '^src/([^/]+)/' },
    to: { path: '^src/([^/]+)/.+', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
  },
  {
    name: 'engine-only-ports',
    comment: 'engine sees state and observe only through their interfaces, never SQLite or Redis clients',
    severity: 'error',
    from: { path: '^src/engine/' },
    to: { path: 'node_modules/(better-sqlite3|ioredis|redis)/' },
  },
  {
    name: 'only-upstream-imports-undici',
    comment: 'src/upstream/ is the one place that talks HTTP to real backends (DESIGN.md, Layout)',
    severity: 'error',
    from: { path: '^src/', pathNot: '^src/upstream/' },
    to: { path: 'node_modules/undici/' },
  },
  {
    name: 'no-circular',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
  {
    name: 'schema-is-browser-safe',
    comment: 'the web UI imports the config schema and the API contract: no node builtins there',
    severity: 'error',
    from: { path: '^src/(config/schema\\.ts$|contract/)' },
    to: { dependencyTypes: ['core'] },
  },
  {
    name: 'web-sees-schema-and-contract',
    comment: 'web/ imports from src/ only the config schema and the API contract (its door), never a server type copied by hand',
    severity: 'error',
    from: { path: '^web/' },
    to: { path: '^src/', pathNot: ['^src/config/', '^src/contract/index\\.ts$'] },
  },
  {
    name: 'web-is-browser-code',
    comment: 'the web console runs in a browser: no node builtins',
    severity: 'error',
    from: { path: '^web/src/' },
    to: { dependencyTypes: ['core'] },
  },
);

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};

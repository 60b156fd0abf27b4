/**
 * The import boundaries of STYLE.md ("Folders are the architecture"), enforced by `npm run lint`.
 * A zone is a top-level folder of src/. Across zones, code imports only the other zone's door
 * (its index.ts); the table below says which zones each may reach at all.
 */
const zones = ['config', 'errors', 'clock', 'plan', 'distributions', 'engine', 'state', 'observe', 'control', 'app', 'cli'];

/** zone -> zones it may import (besides itself) */
const allowed = {
  config: ['errors'],
  errors: [],
  // The Clock port and its two implementations: a leaf every zone that reads time or waits may use.
  clock: [],
  distributions: ['config'],
  plan: ['config', 'distributions', 'errors'],
  engine: ['config', 'plan', 'distributions', 'errors', 'clock', 'state', 'observe'],
  state: ['config', 'errors', 'clock'],
  observe: ['config', 'errors', 'clock'],
  control: ['config', 'plan', 'errors', 'clock', 'state', 'observe'],
  app: zones.filter((z) => z !== 'app' && z !== 'cli'),
  cli: ['app', 'config'],
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
    name: 'no-circular',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
  {
    name: 'schema-is-browser-safe',
    comment: 'the web UI imports the config schema: no node builtins there',
    severity: 'error',
    from: { path: '^src/config/schema\\.ts$' },
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

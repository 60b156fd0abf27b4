// Whether a flood of unmatched requests (each answered with a near-miss 404) starves matched
// traffic on a large config: 20,000 endpoints, a 404 flood on 32 connections and matched requests
// on 4 more, both for the same few seconds. Mimicus runs in a child process, the load here.
// Run: node --import tsx bench/unmatched-flood.ts [endpoints] [seconds]
// Prints the rps and p99 of each flow, and the rps of matched traffic alone before the flood.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The part of autocannon's programmatic API used here (it ships no types). */
interface AutocannonRequest {
  method: string;
  path?: string;
  setupRequest?: (request: { path: string }) => { path: string };
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  requests?: AutocannonRequest[];
}
interface AutocannonResult {
  requests: { average: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: AutocannonOptions, done: (error: Error | null, result: AutocannonResult) => void) => void;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const ENDPOINTS = Number(process.argv[2] ?? 20_000);
const SECONDS = Number(process.argv[3] ?? 5);
const SERVICES = 100;

const config = {
  version: 2,
  endpoints: Array.from({ length: ENDPOINTS }, (_, i) => ({
    id: `e${i}`,
    method: 'GET',
    path: `/api/svc${i % SERVICES}/items${i}/{id}`,
    response: { status: 200, body: `item ${i}` },
  })),
};

const dir = await mkdtemp(join(tmpdir(), 'mimicus-flood-'));
const file = join(dir, 'mimicus.json');
await writeFile(file, JSON.stringify(config));
const entry = resolve(import.meta.dirname, '../src/index.ts');
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--input-type=module',
    '-e',
    `const { createMimicus } = await import(${JSON.stringify(entry)});
     const m = await createMimicus(${JSON.stringify(file)}, { dataDir: false });
     await m.listen(0, '127.0.0.1');
     console.log(m.url);`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = await new Promise<string>((done, fail) => {
  child.stdout.setEncoding('utf8');
  child.stdout.once('data', (line: string) => done(line.trim()));
  child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
});

let counter = 0;
const unmatchedPath = (): string => {
  counter++;
  // a typo in the resource (near many endpoints), or a path near nothing at all
  return counter % 2 === 0 ? `/api/svc${counter % SERVICES}/itemz${counter}/7` : `/nothing/${counter}/here`;
};

const run = (options: AutocannonOptions) =>
  new Promise<AutocannonResult>((done, fail) => autocannon(options, (error, result) => (error ? fail(error) : done(result))));
const matched = (seconds: number) => run({ url: `${url}/api/svc7/items107/42`, connections: 4, duration: seconds });
const summary = (name: string, result: AutocannonResult) =>
  `${name.padEnd(22)} ${Math.round(result.requests.average).toString().padStart(6)} rps  p99 ${result.latency.p99} ms  (${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts)`;

try {
  await matched(1); // warm-up
  const alone = await matched(SECONDS);
  const [flood, during] = await Promise.all([
    run({
      url,
      connections: 32,
      duration: SECONDS,
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: unmatchedPath() }) }],
    }),
    matched(SECONDS),
  ]);
  console.log(`${ENDPOINTS} endpoints, ${SECONDS} s per run`);
  console.log(summary('matched alone', alone));
  console.log(summary('404 flood', flood));
  console.log(summary('matched during flood', during));
} finally {
  child.kill();
  await rm(dir, { recursive: true, force: true });
}

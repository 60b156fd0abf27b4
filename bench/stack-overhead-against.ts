/**
 * The CPU cost per request of the whole data plane as shipped (journal with its SQLite batches and
 * exact counts, metrics, the connection limiter), this build (A) against a git ref (B), in one
 * process without sockets: `node --import tsx bench/stack-overhead-against.ts REF [slices]` (after
 * `npm run build`). Unlike engine-overhead-against.ts (the request handler alone, journal off),
 * each build is started with its own `createMimicus` and a data dir, and driven through the
 * node:http server's own `request` listener with stand-in request/response objects; each slice
 * ends with a turn of the event loop, so the journal's batch write counts too. Far less disturbed
 * by other work on a shared machine than wrk: this is the row to trust when `throughput --against`
 * reads a regression the machine may have made up. `[workload]` runs one row by name (e.g. `state`).
 * A slice ends when every one of its responses has ended, so a row that answers asynchronously
 * (state: a SQLite group commit per batch) is charged its whole work, not what two turns reached.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setImmediate as turn } from 'node:timers/promises';
import { buildRef } from './build-ref.js';
import { median } from './median.js';
import { repoRoot } from './repo-paths.js';

const SLICE_REQUESTS = 10_000;
const ref = process.argv[2];
const SLICES = Number(process.argv[3] ?? 30);
const only = process.argv[4];
if (ref === undefined) {
  console.error('usage: node --import tsx bench/stack-overhead-against.ts REF [slices] [workload]');
  process.exit(2);
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

const STATIC = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"hello":"world"}' };
const workloads: { name: string; url: string; config: Record<string, unknown> }[] = [
  { name: 'static', url: '/hello', config: { endpoints: [{ id: 'hello', method: 'GET', path: '/hello', response: STATIC }] } },
  {
    name: 'static, journal off',
    url: '/hello',
    config: { journal: false, endpoints: [{ id: 'hello', method: 'GET', path: '/hello', response: STATIC }] },
  },
  {
    name: 'static, metrics off',
    url: '/hello',
    config: { observability: { metrics: false }, endpoints: [{ id: 'hello', method: 'GET', path: '/hello', response: STATIC }] },
  },
  {
    name: 'templated',
    url: '/users/4711',
    config: {
      endpoints: [
        {
          id: 'templated',
          method: 'GET',
          path: '/users/{id}',
          response: {
            template: true,
            headers: { 'content-type': 'application/json' },
            body: '{"id":"{{request.params.id}}","name":"{{faker "person.fullName"}}","n":{{randomInt 1 100}},"at":"{{now}}"}',
          },
        },
      ],
    },
  },
  {
    // The throughput bench's `state` row: one read and one atomic increment per request, in SQLite.
    name: 'state',
    url: '/visit',
    config: {
      endpoints: [
        {
          id: 'visit',
          method: 'GET',
          path: '/visit',
          response: {
            template: true,
            headers: { 'content-type': 'application/json' },
            body: '{"visits":{{state.inc "visits"}},"user":"{{state.get "user"}}"}',
          },
        },
      ],
    },
  },
];
if (only !== undefined && !workloads.some((workload) => workload.name === only)) {
  console.error(`no workload ${JSON.stringify(only)}: ${workloads.map((workload) => workload.name).join(', ')}`);
  process.exit(2);
}

interface Started {
  readonly listener: Listener;
  close(): Promise<void>;
}

/** The `request` listener of the data-plane server one build's createMimicus started. */
async function start(distDir: string, config: Record<string, unknown>): Promise<Started> {
  const app = await import(pathToFileURL(join(distDir, 'app', 'index.js')).href);
  const before = new Set((process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles());
  const mimicus = await app.createMimicus(
    { version: 2, server: { port: 0, host: '127.0.0.1', seed: 42 }, ...config },
    { dataDir: mkdtempSync(join(tmpdir(), 'mimicus-stack-')), admin: false, watch: false },
  );
  await mimicus.listen(0, '127.0.0.1');
  const server = (process as unknown as { _getActiveHandles(): unknown[] })
    ._getActiveHandles()
    .find((handle) => !before.has(handle) && typeof (handle as Server).listeners === 'function' && (handle as Server).listeners('request').length > 0) as
    Server | undefined;
  if (server === undefined) throw new Error(`no data-plane server found for ${distDir}`);
  return { listener: server.listeners('request')[0] as Listener, close: () => mimicus.close() };
}

// Stand-ins with what these paths touch; one socket per slice, as wrk keeps its connections.
const requestTo = (url: string, socket: object) =>
  ({
    method: 'GET',
    url,
    httpVersion: '1.1',
    headers: { host: '127.0.0.1:8080', 'user-agent': 'wrk', accept: '*/*' },
    socket,
    complete: true,
  }) as unknown as IncomingMessage;
let ended = 0;
const response = () =>
  ({
    shouldKeepAlive: true,
    headersSent: false,
    writableFinished: true,
    writeHead() {},
    end() {
      ended++;
    },
    once() {},
    on() {},
    removeListener() {},
  }) as unknown as ServerResponse;

/** CPU ns per request of one slice: until its last response ended, then the journal's batch write (two more turns). */
async function slice(listener: Listener, url: string): Promise<number> {
  const socket = { remoteAddress: '127.0.0.1', localPort: 8080 };
  const started = process.cpuUsage();
  ended = 0;
  for (let i = 0; i < SLICE_REQUESTS; i++) listener(requestTo(url, socket), response());
  for (let turns = 0; ended < SLICE_REQUESTS; turns++) {
    if (turns > 100_000) throw new Error(`${url}: ${SLICE_REQUESTS - ended} of ${SLICE_REQUESTS} responses never ended`);
    await turn();
  }
  await turn();
  await turn();
  const used = process.cpuUsage(started);
  return ((used.user + used.system) * 1e3) / SLICE_REQUESTS;
}

const build = await buildRef(ref, (line) => console.error(line));
console.log(
  `whole data plane as shipped, this build (A) vs ${ref} = ${build.commit.slice(0, 12)} (B): ${SLICES} alternating slices of ${SLICE_REQUESTS} requests`,
);
console.log('| workload | A ns/request | B ns/request | median A/B throughput | range |');
console.log('|---|--:|--:|--:|--:|');
for (const workload of workloads.filter((candidate) => only === undefined || candidate.name === only)) {
  const a = await start(join(repoRoot, 'dist'), workload.config);
  const b = await start(join(build.dir, 'dist'), workload.config);
  for (let i = 0; i < 6; i++) (await slice(a.listener, workload.url), await slice(b.listener, workload.url)); // JIT warm-up
  const aNs: number[] = [];
  const bNs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < SLICES; i++) {
    const [na, nb] =
      i % 2 === 0
        ? [await slice(a.listener, workload.url), await slice(b.listener, workload.url)]
        : [await slice(b.listener, workload.url), await slice(a.listener, workload.url)].reverse();
    aNs.push(na!);
    bNs.push(nb!);
    ratios.push(nb! / na!);
  }
  await Promise.all([a.close(), b.close()]);
  console.log(
    `| ${workload.name} | ${median(aNs).toFixed(0)} | ${median(bNs).toFixed(0)} | ${median(ratios).toFixed(3)} | ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)} |`,
  );
}

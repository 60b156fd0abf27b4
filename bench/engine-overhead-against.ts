/**
 * The engine's CPU cost per request, this build (A) against a git ref (B), in one process without
 * sockets: `node --import tsx bench/engine-overhead-against.ts REF [slices]` (after `npm run build`).
 * Both builds' compiled data-plane handlers (dist/engine/handle-request.js) are loaded side by
 * side and driven with stand-in request/response objects, alternating slices of 20,000 requests;
 * per workload it prints the median CPU ns per request of each and the median throughput ratio A/B.
 * Far less disturbed by other work on a shared machine than wrk: use it to tell a real change in
 * the request path from noise in `throughput --against`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildRef } from './build-ref.js';
import { median } from './median.js';
import { repoRoot } from './repo-paths.js';

const SLICE_REQUESTS = 20_000;
const ref = process.argv[2];
const SLICES = Number(process.argv[3] ?? 30);
if (ref === undefined) {
  console.error('usage: node --import tsx bench/engine-overhead-against.ts REF [slices]');
  process.exit(2);
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const workloads: { name: string; url: string; endpoint: Record<string, unknown> }[] = [
  {
    name: 'static',
    url: '/hello',
    endpoint: {
      id: 'hello',
      method: 'GET',
      path: '/hello',
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"hello":"world"}' },
    },
  },
  {
    name: 'templated',
    url: '/users/4711',
    endpoint: {
      id: 'templated',
      method: 'GET',
      path: '/users/{id}',
      response: {
        template: true,
        headers: { 'content-type': 'application/json' },
        body: '{"id":"{{request.params.id}}","name":"{{faker "person.fullName"}}","n":{{randomInt 1 100}},"at":"{{now}}"}',
      },
    },
  },
  {
    name: 'behaviors',
    url: '/orders/7',
    endpoint: {
      id: 'orders',
      method: 'GET',
      path: '/orders/{id}',
      rateLimit: { rate: '1000000/s', burst: 1000000 },
      errors: [{ rate: 0.000001, status: 503 }],
      variants: [
        { id: 'a', weight: 50, response: { status: 200, body: 'a' } },
        { id: 'b', weight: 50, response: { status: 200, body: 'b' } },
      ],
    },
  },
  { name: 'unmatched', url: '/nowhere', endpoint: { id: 'hello', method: 'GET', path: '/hello', response: { status: 200 } } },
];

/** One build's handler for a workload, made from that build's own compiled modules. */
async function handlerOf(distDir: string, endpoint: Record<string, unknown>): Promise<{ handler: Handler; settled: () => number }> {
  const load = (path: string) => import(pathToFileURL(join(distDir, path)).href);
  const [app, handle, behaviors, budget, engine, clock, observe] = await Promise.all([
    load('app/index.js'),
    load('engine/handle-request.js'),
    load('engine/behaviors/index.js'),
    load('engine/body-budget.js'),
    load('engine/index.js'),
    load('clock/index.js'),
    load('observe/index.js'),
  ]);
  const loaded = await app.loadPlan({ version: 2, journal: false, server: { seed: 42 }, endpoints: [endpoint] }, {});
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  const plan = loaded.value.plan;
  let settled = 0;
  const handler = handle.createRequestHandler({
    currentPlan: () => plan,
    logger: observe.createLogger({ level: 'silent' }),
    isDraining: () => false,
    onSettled: () => void settled++,
    clock: clock.systemClock,
    scheduleClock: engine.createScheduleClock(undefined, clock.systemClock),
    limiters: behaviors.createRateLimiters(clock.systemClock),
    bodyBudget: budget.createBodyBudget(() => plan.server.maxTotalBodyBytes),
    stateStore: () => Promise.reject(new Error('no state here')),
  }) as Handler;
  return { handler, settled: () => settled };
}

// Stand-ins with what these paths touch; headers as node:http gives them (a plain object).
const socket = { remoteAddress: '127.0.0.1', localPort: 8080 };
const requestTo = (url: string) => () =>
  ({ method: 'GET', url, httpVersion: '1.1', headers: { host: '127.0.0.1:8080', 'user-agent': 'wrk', accept: '*/*' }, socket }) as unknown as IncomingMessage;
const response = () => ({ shouldKeepAlive: true, headersSent: false, writeHead() {}, end() {}, once() {}, removeListener() {} }) as unknown as ServerResponse;

/**
 * CPU time of this process per request, in ns: on a machine shared with other work, wall time
 * mostly measures how long the scheduler kept the process waiting.
 */
const slice = (handler: Handler, request: () => IncomingMessage): number => {
  const started = process.cpuUsage();
  for (let i = 0; i < SLICE_REQUESTS; i++) handler(request(), response());
  const used = process.cpuUsage(started);
  return ((used.user + used.system) * 1e3) / SLICE_REQUESTS;
};

const build = await buildRef(ref, (line) => console.error(line));
console.log(
  `engine overhead, this build (A) vs ${ref} = ${build.commit.slice(0, 12)} (B): ${SLICES} alternating slices of ${SLICE_REQUESTS} requests per workload`,
);
console.log('| workload | A ns/request | B ns/request | median A/B throughput | range |');
console.log('|---|--:|--:|--:|--:|');
for (const workload of workloads) {
  const a = await handlerOf(join(repoRoot, 'dist'), workload.endpoint);
  const b = await handlerOf(join(build.dir, 'dist'), workload.endpoint);
  const request = requestTo(workload.url);
  for (let i = 0; i < 8; i++) (slice(a.handler, request), slice(b.handler, request)); // warm-up: let the JIT settle on both
  const aNs: number[] = [];
  const bNs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < SLICES; i++) {
    const first = i % 2 === 0 ? a : b;
    const firstNs = slice(first.handler, request);
    const secondNs = slice((first === a ? b : a).handler, request);
    const [na, nb] = first === a ? [firstNs, secondNs] : [secondNs, firstNs];
    aNs.push(na);
    bNs.push(nb);
    ratios.push(nb / na);
  }
  if (a.settled() !== b.settled()) throw new Error(`${workload.name}: A settled ${a.settled()} requests, B ${b.settled()}`);
  console.log(
    `| ${workload.name} | ${median(aNs).toFixed(0)} | ${median(bNs).toFixed(0)} | ${median(ratios).toFixed(3)} | ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)} |`,
  );
}

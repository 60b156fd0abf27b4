/**
 * The engine's own CPU cost per request for two setups, in one process, without sockets:
 * `node --import tsx bench/engine-overhead.ts [slices] [sampleRatio]`. It drives the data-plane handler with stand-in
 * request/response objects, alternating short slices of A and B many times, and reports the
 * median of the per-slice ratios. Without the socket work the engine's share of a request is the
 * whole of it here, so a cost shows up larger than in the throughput scenarios: a strict check, and
 * one far less disturbed than wrk by other work on a shared machine.
 *
 * A: the static stub with tracing configured at sampleRatio 0 (or the one given); B: the same stub with tracing off.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { loadPlan } from '../src/app/index.js';
import { createMemoryRateLimitStore, createRateLimiters } from '../src/engine/behaviors/index.js';
import { createBodyBudget } from '../src/engine/body-budget.js';
import { createRequestHandler, type RequestHandlerDeps } from '../src/engine/handle-request.js';
import { createScheduleClock } from '../src/engine/index.js';
import { systemClock } from '../src/clock/index.js';
import { createLogger, openRequestTracing } from '../src/observe/index.js';
import { median } from './median.js';

const SLICE_REQUESTS = 20_000;
const SLICES = Number(process.argv[2] ?? 40);
/** sampleRatio of side A (default 0); with 1 every request builds its spans (the batch queue drops what it cannot hold, so export is not counted). */
const SAMPLE_RATIO = Number(process.argv[3] ?? 0);

const loaded = await loadPlan(
  {
    version: 2,
    journal: false,
    endpoints: [
      { id: 'hello', method: 'GET', path: '/hello', response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"hello":"world"}' } },
    ],
  },
  {},
);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
const plan = loaded.value.plan;

let settled = 0;
const deps = (tracer: RequestHandlerDeps['tracer']): RequestHandlerDeps => ({
  currentPlan: () => plan,
  logger: createLogger({ level: 'silent' }),
  isDraining: () => false,
  onSettled: () => void settled++,
  clock: systemClock,
  scheduleClock: createScheduleClock(undefined, systemClock),
  limiters: createRateLimiters(systemClock, createMemoryRateLimitStore()),
  bodyBudget: createBodyBudget(() => plan.server.maxTotalBodyBytes),
  stateStore: () => Promise.reject(new Error('no state here')),
  journalBodyBytes: 0,
  ...(tracer ? { tracer } : {}),
});

const tracing = await openRequestTracing({ otlpEndpoint: 'http://127.0.0.1:9/v1/traces', sampleRatio: SAMPLE_RATIO });
const traced = createRequestHandler(deps(tracing));
const untraced = createRequestHandler(deps(undefined));

// Stand-ins with what the static path touches; headers as node:http gives them (a plain object).
const socket = { remoteAddress: '127.0.0.1', localPort: 8080 };
const request = () =>
  ({
    method: 'GET',
    url: '/hello',
    httpVersion: '1.1',
    headers: { host: '127.0.0.1:8080', 'user-agent': 'wrk', accept: '*/*' },
    socket,
  }) as unknown as IncomingMessage;
const response = () => ({ shouldKeepAlive: true, headersSent: false, writeHead() {}, end() {}, once() {}, removeListener() {} }) as unknown as ServerResponse;

const slice = (handler: (req: IncomingMessage, res: ServerResponse) => void): number => {
  const started = performance.now();
  for (let i = 0; i < SLICE_REQUESTS; i++) handler(request(), response());
  return ((performance.now() - started) * 1e6) / SLICE_REQUESTS; // ns per request
};

for (let i = 0; i < 10; i++) (slice(traced), slice(untraced)); // warm-up: let the JIT settle on both
const ratios: number[] = [];
const aNs: number[] = [];
const bNs: number[] = [];
for (let i = 0; i < SLICES; i++) {
  const [a, b] =
    i % 2 === 0
      ? [slice(traced), slice(untraced)]
      : (() => {
          const b = slice(untraced);
          return [slice(traced), b];
        })();
  aNs.push(a);
  bNs.push(b);
  ratios.push(b / a); // throughput ratio A/B = time B / time A
}
await tracing.shutdown();
console.log(`engine overhead, ${SLICES} slices of ${SLICE_REQUESTS} requests each, alternating A/B (${settled} requests settled)`);
console.log(`A tracing sampleRatio ${SAMPLE_RATIO}: median ${median(aNs).toFixed(0)} ns/request`);
console.log(`B tracing off:           median ${median(bNs).toFixed(0)} ns/request`);
console.log(`throughput ratio A/B: median ${median(ratios).toFixed(3)} (min ${Math.min(...ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)})`);

/**
 * What recording one request costs the metrics (Prometheus cells + windowed HDR summary), measured
 * in-process without the network noise of the throughput row: `node --import tsx bench/metrics-record-cost.ts`.
 * Prints ns of CPU per record for 5 rounds of 1,000,000 static-stub exchanges, then the cost of a
 * /api/metrics snapshot and a /metrics scrape after them.
 */
import { createMetrics, type JournalExchange, type Logger } from '../src/observe/index.js';

const logger: Logger = { error() {}, warn() {}, info() {}, debug() {}, child: () => logger };
const metrics = createMetrics({ cpuWarnings: false }, { logger });
const recorder = metrics.recorder({ record() {} });
const applied = { endpointId: 'hello', delayMs: 0 };
const base = Date.now();
const exchanges: JournalExchange[] = Array.from({ length: 1000 }, (_, i) => ({
  arrivedAtMs: base + i / 20,
  firstByteMs: 0.05,
  completeMs: 0.05 + (i % 10) / 100,
  method: 'GET',
  url: '/hello',
  path: '/hello',
  requestHeaders: {},
  requestBody: undefined,
  status: 200,
  responseHeaders: [],
  responseBody: '{"hello":"world"}',
  applied,
  abandoned: false,
  identity: undefined,
}));

for (let round = 0; round < 5; round++) {
  // CPU time, not wall time: on a shared machine the wall clock counts other sessions' work too.
  const started = process.cpuUsage();
  for (let i = 0; i < 1_000_000; i++) recorder.record(exchanges[i % 1000]!);
  const used = process.cpuUsage(started);
  console.log(`round ${round + 1}: ${((used.user + used.system) / 1000).toFixed(0)} ns of CPU per record`);
}
let started = performance.now();
metrics.port!.snapshot();
console.log(`snapshot (/api/metrics): ${(performance.now() - started).toFixed(1)} ms`);
started = performance.now();
await metrics.port!.prometheus();
console.log(`scrape (/metrics): ${(performance.now() - started).toFixed(1)} ms`);

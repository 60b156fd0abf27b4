/**
 * What an SLO adds to recording one request, in CPU time (process.cpuUsage, user + system), A/B in
 * one process: `node --import tsx bench/slo-record-cost.ts`. Three recorders get the same
 * exchanges in alternating rounds: no SLO configured; an endpoint SLO (availability + p99); and
 * endpoint + upstream SLOs (two objectives each) on a proxied exchange. Prints the median ns per
 * record of each and the differences; the machine's load average is printed too, as it is shared.
 */
import { loadavg } from 'node:os';
import { createMetrics, type JournalExchange, type Logger } from '../src/observe/index.js';

const ROUNDS = 15;
const PER_ROUND = 200_000;
const HOUR = 3_600_000;
const logger: Logger = { error() {}, warn() {}, info() {}, debug() {}, child: () => logger };

const exchangesOf = (applied: JournalExchange['applied']): JournalExchange[] => {
  const base = Date.now();
  return Array.from({ length: 1000 }, (_, i) => ({
    arrivedAtMs: base + i / 20,
    firstByteMs: 0.05,
    completeMs: 0.05 + (i % 10) / 100,
    method: 'GET',
    url: '/hello',
    path: '/hello',
    requestHeaders: {},
    requestBody: undefined,
    status: i % 100 === 0 ? 503 : 200,
    responseHeaders: [],
    responseBody: '{"hello":"world"}',
    applied,
    abandoned: false,
    identity: undefined,
  }));
};

const recorderWith = (slos: Parameters<ReturnType<typeof createMetrics>['trackSlos']>[0]) => {
  const metrics = createMetrics({ cpuWarnings: false }, { logger });
  metrics.trackSlos(slos);
  return metrics.recorder({ record() {} });
};

const objectives = [
  { name: 'availability', target: 0.999 },
  { name: 'latency-p99', target: 0.99, thresholdMs: 300 },
];
const plain = exchangesOf({ endpointId: 'hello', delayMs: 0 });
const proxied = exchangesOf({
  endpointId: 'hello',
  delayMs: 0,
  upstream: { upstream: 'backend', target: 'http://127.0.0.1:9001', status: 200, upstreamMs: 1.5, outcome: 'complete' },
});
const variants = [
  { name: 'no slo', recorder: recorderWith([]), exchanges: plain },
  { name: 'endpoint slo (2 objectives)', recorder: recorderWith([{ kind: 'endpoint', id: 'hello', windowMs: 30 * 24 * HOUR, objectives }]), exchanges: plain },
  { name: 'no slo, proxied', recorder: recorderWith([]), exchanges: proxied },
  {
    name: 'endpoint + upstream slo, proxied',
    recorder: recorderWith([
      { kind: 'endpoint', id: 'hello', windowMs: 30 * 24 * HOUR, objectives },
      { kind: 'upstream', id: 'backend', windowMs: 30 * 24 * HOUR, objectives },
    ]),
    exchanges: proxied,
  },
];

const cpuNs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
};
const samples = variants.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  // Alternating order, so drift in the machine's load falls on every variant alike.
  const order = round % 2 === 0 ? variants.map((_, i) => i) : variants.map((_, i) => variants.length - 1 - i);
  for (const index of order) {
    const { recorder, exchanges } = variants[index]!;
    const started = cpuNs();
    for (let i = 0; i < PER_ROUND; i++) recorder.record(exchanges[i % 1000]!);
    samples[index]!.push((cpuNs() - started) / PER_ROUND);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const medians = samples.map(median);
console.log(
  `load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}; ${ROUNDS} rounds of ${PER_ROUND} records each, CPU ns per record (median):`,
);
variants.forEach((variant, i) => console.log(`  ${variant.name.padEnd(34)} ${medians[i]!.toFixed(0)} ns`));
console.log(`  endpoint slo adds ${(medians[1]! - medians[0]!).toFixed(0)} ns (×${(medians[1]! / medians[0]!).toFixed(3)})`);
console.log(`  endpoint + upstream slo add ${(medians[3]! - medians[2]!).toFixed(0)} ns (×${(medians[3]! / medians[2]!).toFixed(3)})`);

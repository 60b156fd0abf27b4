import { expectExactly, type FixedResponse, type Scenario } from '../scenario.js';
import type { BenchConfig } from '../mimicus-config.js';

const response: FixedResponse = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"hello":"world"}',
};

const stub = (metrics: boolean): BenchConfig => ({
  version: 2,
  server: { port: 8080, seed: 42 },
  // Both sides run at once: the admin API (on by default with `serve`) must not share a port.
  admin: { port: 0 },
  // The CPU sampler stays on (its default) on both sides: what differs is recording every request.
  observability: { metrics },
  endpoints: [{ id: 'hello', method: 'GET', path: '/hello', response }],
});

/**
 * Issue 6's target: the cost of metrics (Prometheus counters and histograms, the windowed HDR
 * summary) on the cheapest request. A has them on (the default), B `observability.metrics: false`.
 */
export const metricsScenario: Scenario = {
  name: 'metrics',
  description:
    'Mimicus serving the static stub with metrics on (default: Prometheus counters and histograms, HDR summary per endpoint) vs the same stub with observability.metrics: false.',
  targetRatio: 0.95, // issue 6: static-stub throughput with metrics on >= 0.95x with them off
  a: {
    label: 'mimicus static, metrics on',
    path: '/hello',
    check: expectExactly(response),
    server: { kind: 'mimicus', standIn: response, config: stub(true) },
  },
  b: {
    label: 'mimicus static, metrics: false',
    path: '/hello',
    check: expectExactly(response),
    server: { kind: 'mimicus', standIn: response, config: stub(false) },
  },
};

import { expectExactly, type FixedResponse, type Scenario } from '../scenario.js';
import type { BenchConfig } from '../mimicus-config.js';

const response: FixedResponse = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"hello":"world"}',
};

// Port 9 (discard) on loopback: nothing listens there, and with sampleRatio 0 nothing is sent.
const UNUSED_COLLECTOR = 'http://127.0.0.1:9/v1/traces';

const stub = (tracing: boolean): BenchConfig => ({
  version: 2,
  server: { port: 8080, seed: 42 },
  // Both sides run at once: the admin API (on by default with `serve`) must not share a port.
  admin: { port: 0 },
  // Off on both sides, so the ratio shows tracing's cost alone against the cheapest request.
  journal: false,
  ...(tracing ? { observability: { tracing: { otlpEndpoint: UNUSED_COLLECTOR, sampleRatio: 0 } } } : {}),
  endpoints: [{ id: 'hello', method: 'GET', path: '/hello', response }],
});

/**
 * Issue 6's target: tracing configured but sampling nothing must cost (almost) nothing. A has
 * `observability.tracing` with `sampleRatio: 0`, B has no tracing block; both serve the static stub.
 */
export const tracingScenario: Scenario = {
  name: 'tracing',
  description:
    'Mimicus serving the static stub with tracing configured at sampleRatio 0 (exporter pointed at an unused loopback port) vs the same stub without tracing: the cost of the sampling decision on every request.',
  targetRatio: 0.97, // issue 6: tracing configured with sampleRatio 0 >= 0.97x tracing off
  a: {
    label: 'mimicus static, tracing sampleRatio 0',
    path: '/hello',
    check: expectExactly(response),
    server: { kind: 'mimicus', standIn: response, config: stub(true) },
  },
  b: {
    label: 'mimicus static, tracing off',
    path: '/hello',
    check: expectExactly(response),
    server: { kind: 'mimicus', standIn: response, config: stub(false) },
  },
};

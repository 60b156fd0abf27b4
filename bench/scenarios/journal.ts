import { expectExactly, type FixedResponse, type Scenario } from '../scenario.js';
import type { BenchConfig } from '../mimicus-config.js';

const response: FixedResponse = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"hello":"world"}',
};

const stub = (journal: BenchConfig['journal']): BenchConfig => ({
  version: 2,
  server: { port: 8080, seed: 42 },
  // Both sides run at once: the admin API (on by default with `serve`) must not share a port.
  admin: { port: 0 },
  ...(journal === undefined ? {} : { journal }),
  endpoints: [{ id: 'hello', method: 'GET', path: '/hello', response }],
});

/**
 * Issue 5's target: the journal's cost on the cheapest request. A keeps its defaults (on, persisted
 * in SQLite next to the generated config), B turns it off; both are the `static` stub.
 */
export const journalScenario: Scenario = {
  name: 'journal',
  description:
    'Mimicus serving the static stub with the request journal on (default: ring + batched SQLite) vs the same stub with journal: false: the cost of recording every request.',
  targetRatio: 0.95, // issue 5: static-stub throughput with the journal on >= 0.95x with it off
  a: {
    label: 'mimicus static, journal on',
    path: '/hello',
    check: expectExactly(response),
    server: { kind: 'mimicus', standIn: response, config: stub(undefined) },
  },
  b: {
    label: 'mimicus static, journal: false',
    path: '/hello',
    check: expectExactly(response),
    server: { kind: 'mimicus', standIn: response, config: stub(false) },
  },
};

import { expectExactly, type FixedResponse, type Scenario } from '../scenario.js';

const response: FixedResponse = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"hello":"world"}',
};

/** A static stub: the cheapest thing Mimicus does, against node:http answering the same bytes. */
export const staticScenario: Scenario = {
  name: 'static',
  description:
    'Mimicus serving one static JSON stub vs a bare node:http server sending the same bytes: the fixed cost of the engine per request.',
  targetRatio: 0.9, // issue 2: static stub >= 0.9x bare node:http, median of pairs, one core
  a: {
    label: 'mimicus static',
    path: '/hello',
    check: expectExactly(response),
    server: {
      kind: 'mimicus',
      standIn: response,
      config: {
        version: 2,
        server: { port: 8080, seed: 42 },
        endpoints: [{ id: 'hello', method: 'GET', path: '/hello', response }],
      },
    },
  },
  b: {
    label: 'bare node:http',
    path: '/hello',
    check: expectExactly(response),
    server: { kind: 'bare', response },
  },
};

import { expectExactly, type Scenario } from '../scenario.js';
import { staticResponse } from './mimicus-static-side.js';

/** Fastify answering the static stub's bytes, against the same bare node:http: the peer issue 19 compares with, in the same run as `static`. */
export const staticFastifyScenario: Scenario = {
  name: 'static-fastify',
  description:
    'Fastify (one route, its defaults) sending the static stub’s bytes vs bare node:http: a peer for reference, run with `static` so both ratios come from one run.',
  targetRatio: undefined,
  peerOf: 'static',
  a: { label: 'fastify', path: '/hello', check: expectExactly(staticResponse), server: { kind: 'fastify', response: staticResponse } },
  b: { label: 'bare node:http', path: '/hello', check: expectExactly(staticResponse), server: { kind: 'bare', response: staticResponse } },
};

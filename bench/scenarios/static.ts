import { expectExactly, type Scenario } from '../scenario.js';
import { mimicusStaticSide, staticResponse } from './mimicus-static-side.js';

/** A static stub: the cheapest thing Mimicus does, against node:http answering the same bytes. */
export const staticScenario: Scenario = {
  name: 'static',
  description: 'Mimicus serving one static JSON stub vs a bare node:http server sending the same bytes: the fixed cost of the engine per request.',
  targetRatio: 0.9, // issue 2: static stub >= 0.9x bare node:http, median of pairs, one core
  a: mimicusStaticSide,
  b: {
    label: 'bare node:http',
    path: '/hello',
    check: expectExactly(staticResponse),
    server: { kind: 'bare', response: staticResponse },
  },
};

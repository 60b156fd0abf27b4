import { expectExactly, type FixedResponse, type ScenarioSide } from '../scenario.js';

/** The stub's answer: also what the bare baseline of the `static` scenario sends. */
export const staticResponse: FixedResponse = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"hello":"world"}',
};

/** Mimicus serving one static JSON stub (`GET /hello`): measured by `static`, and the baseline the state scenarios are held against. */
export const mimicusStaticSide: ScenarioSide = {
  label: 'mimicus static',
  path: '/hello',
  check: expectExactly(staticResponse),
  server: {
    kind: 'mimicus',
    standIn: staticResponse,
    config: { version: 2, server: { port: 8080, seed: 42 }, endpoints: [{ id: 'hello', method: 'GET', path: '/hello', response: staticResponse }] },
  },
};

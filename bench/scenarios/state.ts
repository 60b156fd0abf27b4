import { expectJson, type FixedResponse, type Scenario } from '../scenario.js';
import { mimicusStaticSide } from './mimicus-static-side.js';

/** About the size of what the stateful endpoint renders. */
const renderedLike: FixedResponse = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"visits":123456,"user":""}',
};

const isCountedVisit = expectJson<{ visits: unknown; user: unknown }>(200, (parsed) => {
  if (typeof parsed.visits !== 'number' || !Number.isInteger(parsed.visits) || parsed.visits < 1) {
    return `expected an increasing visit count, got ${JSON.stringify(parsed.visits)}`;
  }
  if (parsed.user !== '') return `expected user "" (never set), got ${JSON.stringify(parsed.user)}`;
  return undefined;
});

/**
 * Issue 4's target: a request that reads and writes state in the default SQLite store (the data
 * dir next to the generated config) against Mimicus's own static stub, both measured in this run.
 */
export const stateScenario: Scenario = {
  name: 'state',
  description:
    'Mimicus answering a template that reads one state key and atomically increments another (SQLite, group commit) vs Mimicus serving a static stub: the cost of state per request.',
  targetRatio: 0.5, // issue 4: state read+write >= 0.5x the static stub
  a: {
    label: 'mimicus state read+write',
    path: '/visit',
    check: isCountedVisit,
    server: {
      kind: 'mimicus',
      standIn: renderedLike,
      config: {
        version: 2,
        server: { port: 8080, seed: 42 },
        endpoints: [
          {
            id: 'visit',
            method: 'GET',
            path: '/visit',
            response: {
              template: true,
              headers: { 'content-type': 'application/json' },
              body: '{"visits":{{state.inc "visits"}},"user":"{{state.get "user"}}"}',
            },
          },
        ],
      },
    },
  },
  b: mimicusStaticSide,
};

/**
 * Issue 20's row beside `state`: the same endpoint with state in Redis (a redis-server on loopback,
 * started for the run), against the same static stub, so the two ratios come from one run.
 */
export const stateRedisScenario: Scenario = {
  name: 'state-redis',
  description:
    'The `state` endpoint (read one key, atomically increment another) with state in Redis on loopback (one Lua script per request) vs Mimicus serving a static stub: what Redis costs beside SQLite.',
  targetRatio: undefined,
  peerOf: 'state',
  a: {
    ...stateScenario.a,
    label: 'mimicus state read+write (Redis)',
    server: { ...(stateScenario.a.server as Extract<Scenario['a']['server'], { kind: 'mimicus' }>), redis: true },
  },
  b: mimicusStaticSide,
};

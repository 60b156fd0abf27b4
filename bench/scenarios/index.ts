import type { Scenario } from '../scenario.js';
import { crudCreateScenario } from './crud-create.js';
import { endpoints10kScenario } from './endpoints-10k.js';
import { journalScenario } from './journal.js';
import { metricsScenario } from './metrics.js';
import { staticFastifyScenario } from './static-fastify.js';
import { staticScenario } from './static.js';
import { stateRedisScenario, stateScenario } from './state.js';
import { templatedScenario } from './templated.js';
import { tracingScenario } from './tracing.js';

/** Every throughput scenario, in the order `npm run bench -- throughput` runs them. */
export const throughputScenarios: readonly Scenario[] = [
  staticScenario,
  staticFastifyScenario,
  templatedScenario,
  endpoints10kScenario,
  stateScenario,
  stateRedisScenario,
  crudCreateScenario,
  journalScenario,
  metricsScenario,
  tracingScenario,
];

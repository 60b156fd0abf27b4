import type { Random } from '../../distributions/index.js';
import type { BalanceSpec } from '../../plan/index.js';
import type { TargetState } from '../target-state.js';
import type { Balancer } from './balancer.js';
import { consistentHash } from './consistent-hash.js';
import { latencyAdaptive } from './latency-adaptive.js';
import { leastConnections } from './least-connections.js';
import { randomBalancer } from './random-balancer.js';
import { roundRobin } from './round-robin.js';
import { weightedRoundRobin } from './weighted-round-robin.js';

/** The balancer a spec names, over an upstream's targets (consistent-hash builds its ring from them). */
export function createBalancer(spec: BalanceSpec, targets: readonly TargetState[], random: Random): Balancer {
  switch (spec.kind) {
    case 'round-robin':
      return roundRobin();
    case 'weighted-round-robin':
      return weightedRoundRobin();
    case 'random':
      return randomBalancer(random);
    case 'least-connections':
      return leastConnections(random);
    case 'latency-adaptive':
      return latencyAdaptive(random);
    case 'consistent-hash':
      return consistentHash(targets, spec.virtualNodes);
    default:
      throw new Error(`unhandled balancer ${JSON.stringify(spec satisfies never)}`);
  }
}

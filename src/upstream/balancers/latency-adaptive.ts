import type { Random } from '../../distributions/index.js';
import type { Balancer } from './balancer.js';
import { pickTwo } from './least-connections.js';

/**
 * Peak-EWMA balancing: of two random targets, the one whose latency estimate times its load
 * (in flight + 1) is lower. A slow target gets little traffic; its estimate decays while it gets
 * none, so it is probed again and takes its share back once it answers fast (balancers/peak-ewma).
 */
export function latencyAdaptive(random: Random): Balancer {
  return {
    pick(available) {
      return pickTwo(available, random, (target) => ((target.latency.valueMs() + 0.001) * (target.inflight + 1)) / target.weight);
    },
  };
}

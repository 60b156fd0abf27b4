import type { Random } from '../../distributions/index.js';
import type { TargetState } from '../target-state.js';
import type { Balancer } from './balancer.js';

/**
 * Least connections by the power of two choices: two distinct random targets, the one with fewer
 * requests in flight per unit of weight wins. Nearly as good as scanning all, and it never sends a
 * burst to the one target that was least loaded a moment ago.
 */
export function leastConnections(random: Random): Balancer {
  return {
    pick(available) {
      return pickTwo(available, random, (target) => (target.inflight + 1) / target.weight);
    },
  };
}

/** Two distinct targets drawn at random; the one of lower cost (the first on a tie). */
export function pickTwo(available: readonly TargetState[], random: Random, cost: (target: TargetState) => number): TargetState | undefined {
  const n = available.length;
  if (n <= 1) return available[0];
  const i = Math.floor(random.next() * n);
  let j = Math.floor(random.next() * (n - 1));
  if (j >= i) j++;
  const a = available[i]!;
  const b = available[j]!;
  return cost(b) < cost(a) ? b : a;
}

import type { Balancer } from './balancer.js';

/**
 * nginx's smooth weighted round-robin: every pick adds each target's weight to its running weight,
 * takes the highest and lowers it by the total. Weights 5:1:1 give a a b a c a a, never a burst of
 * five to the heavy target.
 */
export function weightedRoundRobin(): Balancer {
  return {
    pick(available) {
      let best: (typeof available)[number] | undefined;
      let total = 0;
      for (let i = 0; i < available.length; i++) {
        const target = available[i]!;
        target.currentWeight += target.weight;
        total += target.weight;
        if (best === undefined || target.currentWeight > best.currentWeight) best = target;
      }
      if (best !== undefined) best.currentWeight -= total;
      return best;
    },
  };
}

import type { Random } from '../../distributions/index.js';
import type { Balancer } from './balancer.js';

/** A random target, in proportion to the weights, from a seeded PRNG. */
export function randomBalancer(random: Random): Balancer {
  return {
    pick(available) {
      if (available.length === 0) return undefined;
      let total = 0;
      for (let i = 0; i < available.length; i++) total += available[i]!.weight;
      let draw = random.next() * total;
      for (let i = 0; i < available.length; i++) {
        draw -= available[i]!.weight;
        if (draw < 0) return available[i];
      }
      return available[available.length - 1];
    },
  };
}

import type { Balancer } from './balancer.js';

/** Each available target in turn, weights ignored. */
export function roundRobin(): Balancer {
  let next = 0;
  return {
    pick(available) {
      if (available.length === 0) return undefined;
      if (next >= available.length) next = 0;
      return available[next++];
    },
  };
}

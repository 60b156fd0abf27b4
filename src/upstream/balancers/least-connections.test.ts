import { describe, expect, it } from 'vitest';
import { createRandom } from '../../distributions/index.js';
import type { Balancer } from './balancer.js';
import { leastConnections } from './least-connections.js';
import { randomBalancer } from './random-balancer.js';
import { testTargets } from './test-targets.js';

describe('leastConnections (power of two choices)', () => {
  it('sends to the idle target whenever it is one of the two drawn (2/3 of picks among 3)', () => {
    const targets = testTargets([1, 1, 1]);
    targets[1]!.inflight = 10;
    targets[2]!.inflight = 10;
    const balancer = leastConnections(createRandom(3));
    let idle = 0;
    for (let i = 0; i < 10_000; i++) if (balancer.pick(targets, undefined)!.index === 0) idle++;
    expect(Math.abs(idle / 10_000 - 2 / 3)).toBeLessThanOrEqual(0.02);
  });

  it('never picks the most loaded of two targets', () => {
    const targets = testTargets([1, 1]);
    targets[0]!.inflight = 4;
    const balancer = leastConnections(createRandom(5));
    for (let i = 0; i < 1000; i++) expect(balancer.pick(targets, undefined)!.index).toBe(1);
  });

  it('keeps load far more even than random picks under a closed loop of requests', () => {
    const spread = (balancer: Balancer) => {
      const targets = testTargets([1, 1, 1, 1]);
      const open: number[] = [];
      let worst = 0;
      for (let i = 0; i < 10_000; i++) {
        const target = balancer.pick(targets, undefined)!;
        target.inflight++;
        open.push(target.index);
        if (open.length > 40) targets[open.shift()!]!.inflight--;
        const loads = targets.map((t) => t.inflight);
        worst = Math.max(worst, Math.max(...loads) - Math.min(...loads));
      }
      return worst;
    };
    const twoChoices = spread(leastConnections(createRandom(11)));
    const random = spread(randomBalancer(createRandom(11)));
    expect(twoChoices * 2).toBeLessThanOrEqual(random);
  });
});

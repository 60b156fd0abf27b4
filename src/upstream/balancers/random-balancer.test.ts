import { describe, expect, it } from 'vitest';
import { createRandom } from '../../distributions/index.js';
import { randomBalancer } from './random-balancer.js';
import { testTargets } from './test-targets.js';

describe('randomBalancer', () => {
  it('draws in proportion to the weights within 2% over 10,000 picks (seed 7)', () => {
    const targets = testTargets([1, 3]);
    const balancer = randomBalancer(createRandom(7));
    let heavy = 0;
    for (let i = 0; i < 10_000; i++) if (balancer.pick(targets, undefined)!.index === 1) heavy++;
    expect(Math.abs(heavy / 10_000 - 0.75)).toBeLessThanOrEqual(0.02);
  });

  it('picks nothing when no target is available', () => {
    expect(randomBalancer(createRandom(1)).pick([], undefined)).toBeUndefined();
  });
});

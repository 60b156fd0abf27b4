import { describe, expect, it } from 'vitest';
import { testTargets } from './test-targets.js';
import { weightedRoundRobin } from './weighted-round-robin.js';

describe('weightedRoundRobin (smooth, nginx)', () => {
  it('honours weights within 2% over 10,000 picks', () => {
    const targets = testTargets([3, 1, 6]);
    const balancer = weightedRoundRobin();
    const counts = [0, 0, 0];
    for (let i = 0; i < 10_000; i++) counts[balancer.pick(targets, undefined)!.index]!++;
    expect(Math.abs(counts[0]! / 10_000 - 0.3)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(counts[1]! / 10_000 - 0.1)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(counts[2]! / 10_000 - 0.6)).toBeLessThanOrEqual(0.02);
  });

  it('interleaves instead of sending bursts to the heavy target (5:1:1 → a a b a c a a)', () => {
    const targets = testTargets([5, 1, 1]);
    const balancer = weightedRoundRobin();
    const order = Array.from({ length: 14 }, () => 'abc'[balancer.pick(targets, undefined)!.index]).join('');
    expect(order).toBe('aabacaaaabacaa');
  });
});

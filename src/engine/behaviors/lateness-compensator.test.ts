import { describe, expect, it } from 'vitest';
import { createLatenessCompensator } from './lateness-compensator.js';

/** Lateness values spread evenly over [0, 10) ms, in a fixed shuffled order (a seeded LCG). */
function spreadLateness(count: number): number[] {
  let seed = 42;
  return Array.from({ length: count }, () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return (seed / 2 ** 31) * 10;
  });
}

describe('createLatenessCompensator', () => {
  it('settles on the low decile of the lateness it observes, not its average', () => {
    const compensator = createLatenessCompensator({ quantile: 0.1, maxMs: 20 });
    for (const late of spreadLateness(20_000)) compensator.observe(50, 50 + late);
    // Uniform over [0, 10): the 10th percentile is 1 ms (the average would be 5).
    expect(compensator.estimateMs).toBeGreaterThan(0.7);
    expect(compensator.estimateMs).toBeLessThan(1.3);
  });

  it('leaves about one timer in ten to come back early (and be re-armed)', () => {
    const compensator = createLatenessCompensator({ quantile: 0.1, maxMs: 20 });
    const lateness = spreadLateness(20_000);
    let early = 0;
    lateness.forEach((late, i) => {
      if (i >= 10_000 && late < compensator.estimateMs) early++;
      compensator.observe(50, 50 + late);
    });
    expect(early / 10_000).toBeGreaterThan(0.07);
    expect(early / 10_000).toBeLessThan(0.13);
  });

  it('is bounded so one stall cannot swing later delays far', () => {
    const compensator = createLatenessCompensator({ stepMs: 5, quantile: 0.5, maxMs: 5 });
    for (let i = 0; i < 10; i++) compensator.observe(10, 2_000);
    expect(compensator.estimateMs).toBeLessThanOrEqual(5);
  });

  it('never goes negative when timers are on time', () => {
    const compensator = createLatenessCompensator();
    for (let i = 0; i < 100; i++) compensator.observe(10, 10);
    expect(compensator.estimateMs).toBe(0);
  });
});

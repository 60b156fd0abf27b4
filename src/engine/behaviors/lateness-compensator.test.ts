import { describe, expect, it } from 'vitest';
import { createLatenessCompensator } from './lateness-compensator.js';

describe('createLatenessCompensator', () => {
  it('converges on the average lateness of the timers it observes', () => {
    const compensator = createLatenessCompensator({ smoothing: 0.1 });
    for (let i = 0; i < 200; i++) compensator.observe(50, 50 + (i % 2 === 0 ? 0.5 : 1.5));
    expect(compensator.estimateMs).toBeCloseTo(1, 1);
  });

  it('is bounded so one stall cannot swing later delays far', () => {
    const compensator = createLatenessCompensator({ smoothing: 0.5, maxMs: 5 });
    for (let i = 0; i < 10; i++) compensator.observe(10, 2_000);
    expect(compensator.estimateMs).toBeLessThanOrEqual(5);
  });

  it('never goes negative when timers are on time', () => {
    const compensator = createLatenessCompensator();
    for (let i = 0; i < 100; i++) compensator.observe(10, 10);
    expect(compensator.estimateMs).toBe(0);
  });
});

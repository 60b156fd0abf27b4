import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/index.js';
import { createScheduleClock } from './schedule-clock.js';

describe('createScheduleClock', () => {
  it("reads the clock's epoch time when no start is configured", () => {
    const clock = new ManualClock({ epochMs: Date.UTC(2026, 2, 1) });
    const schedule = createScheduleClock(undefined, clock);
    clock.advance(1_500);
    expect(schedule.now()).toBe(Date.UTC(2026, 2, 1) + 1_500);
  });

  it('runs from server.clock.start at the speed of the clock it was given', () => {
    const clock = new ManualClock({ epochMs: Date.UTC(2026, 2, 1) });
    const startMs = Date.UTC(2026, 0, 5, 7, 59, 59);
    const schedule = createScheduleClock(startMs, clock);
    expect(schedule.now()).toBe(startMs);
    clock.advance(60_000);
    expect(schedule.now()).toBe(startMs + 60_000);
  });
});

import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';
import { repeatInBackground } from './repeat-in-background.js';

describe('repeatInBackground', () => {
  it('runs every interval until stopped, leaving no timer behind', () => {
    const clock = new ManualClock();
    const runs: number[] = [];
    const repeat = repeatInBackground(clock, 100, () => runs.push(clock.now()));
    clock.advance(350);
    expect(runs).toEqual([100, 200, 300]);
    repeat.stop();
    clock.advance(1_000);
    expect(runs).toEqual([100, 200, 300]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('keeps its schedule when a run throws', () => {
    const clock = new ManualClock();
    let runs = 0;
    repeatInBackground(clock, 10, () => {
      runs++;
      throw new Error('purge failed');
    });
    expect(() => clock.advance(10)).toThrow('purge failed');
    expect(() => clock.advance(10)).toThrow('purge failed');
    expect(runs).toBe(2);
    expect(clock.pendingTimers).toBe(1);
  });

  it('stops from inside its own run', () => {
    const clock = new ManualClock();
    let runs = 0;
    const repeat = repeatInBackground(clock, 10, () => {
      runs++;
      repeat.stop();
    });
    clock.advance(100);
    expect(runs).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { systemClock } from './system-clock.js';

// The real clock, on real timers (a few ms): what it must prove is that it is the host's time.
describe('systemClock', () => {
  it('reads performance.now() and Date.now() time', () => {
    const before = { mono: performance.now(), epoch: Date.now() };
    const read = { mono: systemClock.now(), epoch: systemClock.epochMs() };
    expect(read.mono).toBeGreaterThanOrEqual(before.mono);
    expect(read.mono - before.mono).toBeLessThan(1_000);
    expect(read.epoch).toBeGreaterThanOrEqual(before.epoch);
    expect(read.epoch - before.epoch).toBeLessThan(1_000);
  });

  it('fires a timer no earlier than its delay, and never a cleared one', async () => {
    const armedAt = systemClock.now();
    let cleared = false;
    systemClock.clearTimeout(systemClock.setTimeout(() => (cleared = true), 1));
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 5));
    expect(systemClock.now() - armedAt).toBeGreaterThanOrEqual(4.5);
    expect(cleared).toBe(false);
  });

  it('fires a background timer without keeping the process alive, and a foreground one keeping it', async () => {
    let fired = false;
    const background = systemClock.setBackgroundTimeout(() => (fired = true), 1);
    const foreground = systemClock.setTimeout(() => {}, 1);
    expect((background as unknown as NodeJS.Timeout).hasRef()).toBe(false);
    expect((foreground as unknown as NodeJS.Timeout).hasRef()).toBe(true);
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 5));
    expect(fired).toBe(true);
  });

  it('sleeps, and stops sleeping when aborted', async () => {
    await systemClock.sleep(1);
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
  });
});

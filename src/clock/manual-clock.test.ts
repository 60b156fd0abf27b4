import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  it('stands still until advanced, and moves both readings together', () => {
    const clock = new ManualClock({ nowMs: 100, epochMs: Date.UTC(2026, 5, 1) });
    expect(clock.now()).toBe(100);
    clock.advance(250);
    expect(clock.now()).toBe(350);
    expect(clock.epochMs()).toBe(Date.UTC(2026, 5, 1) + 250);
  });

  it('fires due timers in due order, each reading its own due time', () => {
    const clock = new ManualClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 30);
    clock.advance(25);
    expect(fired).toEqual(['a@10', 'b@20']);
    expect(clock.now()).toBe(25);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(5);
    expect(fired).toEqual(['a@10', 'b@20', 'c@30']);
  });

  it('fires timers due at the same time in the order they were armed', () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    for (const n of [1, 2, 3]) clock.setTimeout(() => fired.push(n), 5);
    clock.advance(5);
    expect(fired).toEqual([1, 2, 3]);
  });

  it('fires a timer armed by a callback when it comes due within the same advance', () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 10);
    }, 10);
    clock.advance(100);
    expect(fired).toEqual([10, 20]);
  });

  it('runs background timers in the same order as the others', () => {
    const clock = new ManualClock();
    const fired: string[] = [];
    clock.setBackgroundTimeout(() => fired.push('background'), 10);
    clock.setTimeout(() => fired.push('foreground'), 5);
    clock.clearTimeout(clock.setBackgroundTimeout(() => fired.push('cleared'), 1));
    clock.advance(10);
    expect(fired).toEqual(['foreground', 'background']);
  });

  it('never fires a cleared timer', () => {
    const clock = new ManualClock();
    let fired = false;
    const timer = clock.setTimeout(() => (fired = true), 10);
    clock.clearTimeout(timer);
    clock.clearTimeout(timer);
    clock.advance(100);
    expect(fired).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it("follows Node's delay rules: below 1 ms and above 2³¹−1 ms mean 1 ms", () => {
    const clock = new ManualClock();
    const firedAt: number[] = [];
    for (const delayMs of [0, -5, Number.NaN, 2 ** 31]) clock.setTimeout(() => firedAt.push(clock.now()), delayMs);
    clock.setTimeout(() => firedAt.push(clock.now()), 2 ** 31 - 1);
    clock.advance(1);
    expect(firedAt).toEqual([1, 1, 1, 1]);
    clock.advance(2 ** 31);
    expect(firedAt).toEqual([1, 1, 1, 1, 2 ** 31 - 1]);
  });

  it('refuses to move backwards', () => {
    expect(() => new ManualClock().advance(-1)).toThrow(RangeError);
  });

  it('resolves a sleep when advanced past it, and rejects one that is aborted', async () => {
    const clock = new ManualClock();
    let woke = false;
    const sleeping = clock.sleep(50).then(() => (woke = true));
    await clock.advanceAsync(49);
    expect(woke).toBe(false);
    await clock.advanceAsync(1);
    await sleeping;
    expect(woke).toBe(true);

    const controller = new AbortController();
    const aborted = clock.sleep(50, controller.signal);
    controller.abort(new Error('client left'));
    await expect(aborted).rejects.toThrow('client left');
    expect(clock.pendingTimers).toBe(0);
    await expect(clock.sleep(5, controller.signal)).rejects.toThrow('client left');
  });

  it('lets code that awaits between timers keep up when advanced asynchronously', async () => {
    const clock = new ManualClock();
    const ticks: number[] = [];
    const loop = (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(100);
        ticks.push(clock.now());
      }
    })();
    await clock.advanceAsync(1_000);
    await loop;
    expect(ticks).toEqual([100, 200, 300]);
  });
});

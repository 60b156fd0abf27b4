import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { DueQueue } from './due-queue.js';

const recorder = (clock: ManualClock, fired: string[], name: string) => ({ expire: () => fired.push(`${name}@${clock.now()}`) });

describe('DueQueue', () => {
  it('fires entries at their due time, in due order, added out of order too', () => {
    const clock = new ManualClock();
    const queue = new DueQueue(clock);
    const fired: string[] = [];
    queue.add(30, recorder(clock, fired, 'c'));
    queue.add(10, recorder(clock, fired, 'a'));
    queue.add(20, recorder(clock, fired, 'b'));
    clock.advance(15);
    expect(fired).toEqual(['a@10']);
    clock.advance(20);
    expect(fired).toEqual(['a@10', 'b@20', 'c@30']);
    expect(queue.size).toBe(0);
  });

  it('never fires a cancelled entry, and holds one timer however many entries wait', () => {
    const clock = new ManualClock();
    const queue = new DueQueue(clock);
    const fired: string[] = [];
    const entries = Array.from({ length: 1_000 }, (_, i) => queue.add(100 + i, recorder(clock, fired, String(i))));
    expect(clock.pendingTimers).toBe(1);
    for (const entry of entries.slice(0, 999)) entry.cancel();
    clock.advance(2_000);
    expect(fired).toEqual(['999@1099']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('fires an entry added by an expiry when it comes due within the same advance', () => {
    const clock = new ManualClock();
    const queue = new DueQueue(clock);
    const fired: string[] = [];
    queue.add(10, { expire: () => (fired.push(`first@${clock.now()}`), queue.add(clock.now() + 10, recorder(clock, fired, 'second'))) });
    clock.advance(100);
    expect(fired).toEqual(['first@10', 'second@20']);
  });

  it('keeps a timer armed early for a cancelled entry from firing the next one early', () => {
    const clock = new ManualClock();
    const queue = new DueQueue(clock);
    const fired: string[] = [];
    queue.add(10, recorder(clock, fired, 'gone')).cancel();
    queue.add(50, recorder(clock, fired, 'kept'));
    clock.advance(49);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual(['kept@50']);
  });

  it('gives an entry due before many others a timer of its own, and clears it on cancel', () => {
    const clock = new ManualClock();
    const queue = new DueQueue(clock);
    const fired: string[] = [];
    for (let i = 0; i < 100; i++) queue.add(1_000 + i, { expire: () => undefined });
    queue.add(10, recorder(clock, fired, 'early'));
    queue.add(20, recorder(clock, fired, 'cancelled')).cancel();
    expect(clock.pendingTimers).toBe(2);
    clock.advance(50);
    expect(fired).toEqual(['early@10']);
  });

  it('takes a cancelled entry out at once, wherever it is, and keeps the others in due order', () => {
    const clock = new ManualClock();
    const queue = new DueQueue(clock);
    const fired: string[] = [];
    const entries = ['a', 'b', 'c', 'd'].map((name, i) => queue.add(10 * (i + 1), recorder(clock, fired, name)));
    entries[1]!.cancel();
    entries[3]!.cancel();
    expect(queue.size).toBe(2);
    queue.add(25, recorder(clock, fired, 'late'));
    entries[0]!.cancel();
    expect(queue.size).toBe(2);
    clock.advance(100);
    expect(fired).toEqual(['late@25', 'c@30']);
    expect(queue.size).toBe(0);
  });
});

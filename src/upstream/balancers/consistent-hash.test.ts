import { describe, expect, it } from 'vitest';
import { consistentHash } from './consistent-hash.js';
import { testTargets } from './test-targets.js';

const keys = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);

describe('consistentHash', () => {
  for (const n of [3, 5, 10]) {
    it(`remaps 1/${n} ± 2% of 10,000 keys when one of ${n} targets goes, and only its keys`, () => {
      const targets = testTargets(Array.from({ length: n }, () => 1));
      const ring = consistentHash(targets, 160);
      const before = keys.map((key) => ring.pick(targets, key)!.index);
      const removed = targets[1]!;
      removed.available = false;
      const rest = targets.filter((target) => target !== removed);
      const after = keys.map((key) => ring.pick(rest, key)!.index);
      let moved = 0;
      for (let i = 0; i < keys.length; i++) {
        if (before[i] !== after[i]) {
          moved++;
          expect(before[i]).toBe(removed.index);
        }
      }
      expect(Math.abs(moved / keys.length - 1 / n)).toBeLessThanOrEqual(0.02);
    });
  }

  it('maps a key to the same target on every pick, whatever the order of the list', () => {
    const targets = testTargets([1, 1, 1, 1]);
    const a = consistentHash(targets, 160);
    const b = consistentHash([...targets].reverse(), 160);
    for (const key of keys.slice(0, 500)) expect(a.pick(targets, key)).toBe(b.pick(targets, key));
  });

  it('spreads keys by weight', () => {
    const targets = testTargets([1, 1, 2]);
    const ring = consistentHash(targets, 160);
    let heavy = 0;
    for (const key of keys) if (ring.pick(targets, key)!.index === 2) heavy++;
    expect(Math.abs(heavy / keys.length - 0.5)).toBeLessThanOrEqual(0.05);
  });
});

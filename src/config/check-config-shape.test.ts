import { describe, expect, it } from 'vitest';
import { checkConfigShape } from './check-config-shape.js';

describe('checkConfigShape', () => {
  it('accepts shared objects that unfold to a reasonable size', () => {
    const defaults = { latency: { fixed: '2ms' }, headers: { a: 'b' } };
    const endpoints = Array.from({ length: 5000 }, (_, i) => ({ id: `e${i}`, defaults }));
    expect(checkConfigShape({ version: 2, endpoints })).toBeUndefined();
  });

  it('measures an exponential object graph in linear time and refuses it', () => {
    let level: unknown = ['lol', 'lol', 'lol'];
    for (let i = 0; i < 60; i++) level = [level, level, level];
    const started = performance.now();
    expect(checkConfigShape({ version: 2, x: level })).toMatch(/^aliases unfold \d+ written values into about 1\.\de\+29/);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('refuses a cycle and deep nesting without overflowing the stack', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = [cyclic];
    expect(checkConfigShape(cyclic)).toMatch(/contains it/);
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(checkConfigShape({ deep })).toBe('maps and lists nest more than 64 levels deep');
    let edge: unknown = 'leaf';
    for (let i = 0; i < 63; i++) edge = [edge];
    expect(checkConfigShape({ edge })).toBeUndefined();
  });
});

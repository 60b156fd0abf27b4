import { describe, expect, it } from 'vitest';
import { parseDurationMs } from './parse-duration-ms.js';

describe('parseDurationMs', () => {
  it.each([
    ['120ms', 120],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['250us', 0.25],
    ['250µs', 0.25],
    [' 40 ms ', 40],
    ['75', 75],
    [42, 42],
    [0, 0],
  ] as const)('reads %j as %d ms', (input, expected) => {
    expect(parseDurationMs(input)).toBe(expected);
  });

  it('throws on values the schema would have refused', () => {
    expect(() => parseDurationMs('soon')).toThrow(new RangeError('not a duration: "soon"'));
    expect(() => parseDurationMs(-1)).toThrow(RangeError);
  });
});

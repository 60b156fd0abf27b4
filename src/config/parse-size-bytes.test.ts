import { describe, expect, it } from 'vitest';
import { parseSizeBytes } from './parse-size-bytes.js';

describe('parseSizeBytes', () => {
  it.each([
    ['64KiB', 65_536],
    ['1MiB', 1_048_576],
    ['1GiB', 1_073_741_824],
    ['1kB', 1_000],
    ['1KB', 1_000],
    ['1MB', 1_000_000],
    ['2GB', 2_000_000_000],
    ['512B', 512],
    ['64k', 65_536],
    ['64K', 65_536],
    ['1M', 1_048_576],
    ['1G', 1_073_741_824],
    ['1.5KiB', 1_536],
    ['100', 100],
    [2048, 2048],
  ] as const)('reads %j as %d bytes', (input, expected) => {
    expect(parseSizeBytes(input)).toBe(expected);
  });

  it('throws on values the schema would have refused', () => {
    expect(() => parseSizeBytes('10 TB')).toThrow(new RangeError('not a size: "10 TB"'));
    expect(() => parseSizeBytes(1.5)).toThrow(RangeError);
  });
});

import type { Size } from './schema.js';

/**
 * Bytes per unit. IEC units (KiB, MiB, GiB) are powers of 1024 and SI units (kB/KB, MB, GB)
 * powers of 1000, as their standards say; a bare k/K/M/G is read as binary, because that is
 * what people mean by "64k" of buffer and what nginx and the JVM do.
 */
const BYTES_PER_UNIT: Record<string, number> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  kB: 1000,
  KB: 1000,
  MB: 1000 ** 2,
  GB: 1000 ** 3,
  k: 1024,
  K: 1024,
  M: 1024 ** 2,
  G: 1024 ** 3,
};

/**
 * A config size in bytes: `"64KiB"` = 65536, `"1MB"` = 1000000, `"1M"` = 1048576, `"512B"`, or a
 * number of bytes. Fractions are rounded to whole bytes (`"1.5KiB"` = 1536). Values that passed
 * the schema always parse; anything else is a bug in the caller and throws a RangeError.
 */
export function parseSizeBytes(size: Size): number {
  if (typeof size === 'number') {
    if (Number.isInteger(size) && size >= 0) return size;
  } else {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|kB|KB|MB|GB|k|K|M|G)?\s*$/.exec(size);
    if (match) return Math.round(Number(match[1]) * BYTES_PER_UNIT[match[2] ?? 'B']!);
  }
  throw new RangeError(`not a size: ${JSON.stringify(size)}`);
}

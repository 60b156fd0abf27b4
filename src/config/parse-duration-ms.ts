import type { Duration } from './schema.js';

const MS_PER_UNIT: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A config duration in milliseconds: `"120ms"`, `"1.5s"`, `"2m"`, `"1h"`, `"250us"` (0.25), or a
 * number, which is already milliseconds (as is a unitless string). Values that passed the schema
 * always parse; anything else is a bug in the caller and throws a RangeError.
 */
export function parseDurationMs(duration: Duration): number {
  if (typeof duration === 'number') {
    if (Number.isFinite(duration) && duration >= 0) return duration;
  } else {
    // µs escaped: the bundled CLI is kept ASCII (scripts/bundle-cli.mjs).
    const match = /^\s*(\d+(?:\.\d+)?)\s*(us|\u00b5s|ms|s|m|h)?\s*$/.exec(duration);
    if (match) return Number(match[1]) * MS_PER_UNIT[match[2] ?? 'ms']!;
  }
  throw new RangeError(`not a duration: ${JSON.stringify(duration)}`);
}

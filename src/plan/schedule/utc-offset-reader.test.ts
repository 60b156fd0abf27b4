import { describe, expect, it } from 'vitest';
import { createUtcOffsetReader } from './utc-offset-reader.js';

const HOUR_MS = 3_600_000;

const referenceFormatters = new Map<string, Intl.DateTimeFormat>();

/** The offset by another route through Intl: the Swedish locale writes "2026-03-29 03:00:00". */
function referenceOffsetMs(timeZone: string, epochMs: number): number {
  let formatter = referenceFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' });
    referenceFormatters.set(timeZone, formatter);
  }
  const secondMs = Math.floor(epochMs / 1000) * 1000;
  return Date.parse(`${formatter.format(secondMs).replace(' ', 'T')}Z`) - secondMs;
}

/** The UTC hours of 2026 whose start or inside holds a change of the zone's offset. */
function changeHours(timeZone: string): number[] {
  const hours: number[] = [];
  for (let ms = Date.parse('2026-01-01T00:00:00Z'); ms < Date.parse('2027-01-01T00:00:00Z'); ms += HOUR_MS) {
    if (referenceOffsetMs(timeZone, ms - 1) !== referenceOffsetMs(timeZone, ms + HOUR_MS - 1)) hours.push(ms);
  }
  return hours;
}

describe('createUtcOffsetReader', () => {
  it('reads the offsets on both sides of a change', () => {
    const berlin = createUtcOffsetReader('Europe/Berlin');
    expect(berlin.spanAt(Date.parse('2026-03-29T00:59:59.999Z')).offsetMs).toBe(HOUR_MS);
    expect(berlin.spanAt(Date.parse('2026-03-29T01:00:00Z')).offsetMs).toBe(2 * HOUR_MS);
    const newYork = createUtcOffsetReader('America/New_York');
    expect(newYork.spanAt(Date.parse('2026-11-01T05:59:59.999Z')).offsetMs).toBe(-4 * HOUR_MS);
    expect(newYork.spanAt(Date.parse('2026-11-01T06:00:00Z')).offsetMs).toBe(-5 * HOUR_MS);
  });

  it('reuses one span for a whole hour without a change', () => {
    const reader = createUtcOffsetReader('Europe/Berlin');
    const span = reader.spanAt(Date.parse('2026-01-05T09:15:00Z'));
    expect(span).toEqual({ offsetMs: HOUR_MS, fromMs: Date.parse('2026-01-05T09:00:00Z'), untilMs: Date.parse('2026-01-05T10:00:00Z') });
    expect(reader.spanAt(Date.parse('2026-01-05T09:59:59.999Z'))).toBe(span);
  });

  it('never gives a span that straddles a change, including changes inside a UTC hour', () => {
    // Adelaide (+09:30) and Lord Howe (+10:30, moving by 30 minutes) change at half past a UTC hour.
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Adelaide', 'Australia/Lord_Howe', 'America/St_Johns'];
    for (const zone of zones) {
      const hours = changeHours(zone);
      expect(hours, zone).toHaveLength(2);
      const reader = createUtcOffsetReader(zone);
      // Every 37 seconds from an hour before to an hour after each change, walking forwards then back.
      const instants = hours.flatMap((hour) => Array.from({ length: 293 }, (_, i) => hour - HOUR_MS + i * 37_000));
      for (const epochMs of [...instants, ...instants.reverse()]) {
        const span = reader.spanAt(epochMs);
        const where = `${zone} at ${new Date(epochMs).toISOString()}`;
        expect(span.offsetMs, where).toBe(referenceOffsetMs(zone, epochMs));
        expect(referenceOffsetMs(zone, span.fromMs), where).toBe(span.offsetMs);
        expect(referenceOffsetMs(zone, span.untilMs - 1), where).toBe(span.offsetMs);
      }
    }
  });

  it('reads every second of an hour holding a change exactly (Australia/Adelaide, 16:30 UTC)', () => {
    const reader = createUtcOffsetReader('Australia/Adelaide');
    const change = Date.parse('2026-04-04T16:30:00Z'); // 03:00 ACDT → 02:00 ACST
    expect(reader.spanAt(change - 1).offsetMs).toBe(10.5 * HOUR_MS);
    expect(reader.spanAt(change).offsetMs).toBe(9.5 * HOUR_MS);
    expect(reader.spanAt(change).untilMs - reader.spanAt(change).fromMs).toBe(1000);
  });

  it('answers UTC without Intl, for all time', () => {
    expect(createUtcOffsetReader('UTC').spanAt(0)).toEqual({ offsetMs: 0, fromMs: -Infinity, untilMs: Infinity });
  });

  it('throws on an instant that is not a number, which only a bug can pass', () => {
    expect(() => createUtcOffsetReader('Europe/Berlin').spanAt(Number.NaN)).toThrow(RangeError);
  });
});

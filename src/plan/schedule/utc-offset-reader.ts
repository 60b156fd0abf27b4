/**
 * The UTC offset of a time zone at an instant, read through Intl and cached per UTC hour. Intl
 * formatting costs microseconds; a schedule is asked on every request, so the offset is read twice
 * per hour (at the bucket's first and last second) and then reused by arithmetic alone.
 */

/** An offset and the span of instants [fromMs, untilMs) it is known to hold for. */
export interface OffsetSpan {
  readonly offsetMs: number;
  readonly fromMs: number;
  readonly untilMs: number;
}

export interface UtcOffsetReader {
  /** The span holding `epochMs`; the same object is returned while the instant stays inside it. */
  spanAt(epochMs: number): OffsetSpan;
}

const HOUR_MS = 3_600_000;
const SECOND_MS = 1_000;

const floorTo = (ms: number, unitMs: number): number => Math.floor(ms / unitMs) * unitMs;

/** Creates a reader for an IANA time zone Intl accepts (check it with resolveTimeZone first). */
export function createUtcOffsetReader(timeZone: string): UtcOffsetReader {
  if (timeZone === 'UTC') {
    // The default zone never changes offset, so one span covers all time and Intl is never called.
    const always: OffsetSpan = { offsetMs: 0, fromMs: -Infinity, untilMs: Infinity };
    return { spanAt: () => always };
  }
  // h23: some ICU versions write midnight as "24" with hour12: false.
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  // Intl shows whole seconds, and zone transitions fall on whole seconds, so read at a second's start.
  const offsetAt = (epochMs: number): number => {
    const secondMs = floorTo(epochMs, SECOND_MS);
    return wallClockMs(formatter, secondMs) - secondMs;
  };

  let span: OffsetSpan = { offsetMs: 0, fromMs: 0, untilMs: 0 };
  return {
    spanAt(epochMs) {
      if (epochMs >= span.fromMs && epochMs < span.untilMs) return span;
      if (!Number.isFinite(epochMs)) throw new RangeError(`not an instant: ${epochMs}`);
      const fromMs = floorTo(epochMs, HOUR_MS);
      const untilMs = fromMs + HOUR_MS;
      const first = offsetAt(fromMs);
      // Equal offsets at both ends mean no transition inside: zones change offset at most once an
      // hour (in practice a few times a year). Otherwise this is the hour of a change, and the
      // offset is read for each second, so no cached span ever straddles the change.
      if (first === offsetAt(untilMs - 1)) {
        span = { offsetMs: first, fromMs, untilMs };
      } else {
        const secondMs = floorTo(epochMs, SECOND_MS);
        span = { offsetMs: offsetAt(secondMs), fromMs: secondMs, untilMs: secondMs + SECOND_MS };
      }
      return span;
    },
  };
}

/** The local wall-clock time at `epochMs`, written as if it were a UTC instant. */
function wallClockMs(formatter: Intl.DateTimeFormat, epochMs: number): number {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter.formatToParts(epochMs)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const wall = new Date(0);
  wall.setUTCFullYear(fields.year, fields.month - 1, fields.day);
  wall.setUTCHours(fields.hour, fields.minute, fields.second, 0);
  return wall.getTime();
}

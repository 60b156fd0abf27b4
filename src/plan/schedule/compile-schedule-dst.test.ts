import { describe, expect, it } from 'vitest';
import type { ScheduleConfig } from '../../config/index.js';
import type { CompiledSchedule } from '../schedule-types.js';
import { compileSchedule } from './compile-schedule.js';

// Daylight saving in 2026: the EU moves at 01:00 UTC on March 29 and October 25; the US at 02:00
// local on March 8 and November 1.
const at = (iso: string): number => Date.parse(iso);
const MINUTE_MS = 60_000;

function schedule(config: ScheduleConfig): CompiledSchedule {
  const result = compileSchedule(config, 'schedule');
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** The UTC instants (ISO, whole minutes) from `fromIso` for `hours` hours at which a window is active. */
function activeMinutes(s: CompiledSchedule, fromIso: string, hours: number): string[] {
  const start = at(fromIso);
  const active: string[] = [];
  for (let ms = start; ms < start + hours * 60 * MINUTE_MS; ms += MINUTE_MS) {
    if (s.activeWindow(ms) >= 0) active.push(new Date(ms).toISOString().slice(0, 16));
  }
  return active;
}

describe('compileSchedule across daylight saving changes', () => {
  it('never opens a window at a local time skipped in spring (Europe/Berlin)', () => {
    const s = schedule({ timezone: 'Europe/Berlin', windows: [{ between: ['02:30', '02:32'] }] });
    expect(activeMinutes(s, '2026-03-28T12:00:00Z', 24)).toEqual([]);
    // A week earlier, without the change, it opens as usual.
    expect(activeMinutes(s, '2026-03-21T12:00:00Z', 24)).toEqual(['2026-03-22T01:30', '2026-03-22T01:31']);
  });

  it('opens a window twice when its local time repeats in autumn (Europe/Berlin)', () => {
    const s = schedule({ timezone: 'Europe/Berlin', windows: [{ days: ['sun'], between: ['02:30', '02:31'] }] });
    // 02:30 CEST (+02:00) and, an hour later, 02:30 CET (+01:00).
    expect(activeMinutes(s, '2026-10-24T12:00:00Z', 24)).toEqual(['2026-10-25T00:30', '2026-10-25T01:30']);
  });

  it('follows the new offset right after the change (Europe/Berlin)', () => {
    const s = schedule({ timezone: 'Europe/Berlin', windows: [{ between: ['09:00', '17:00'] }] });
    expect(s.activeWindow(at('2026-03-28T08:00:00Z'))).toBe(0); // 09:00 CET
    expect(s.activeWindow(at('2026-03-29T06:59:59.999Z'))).toBe(-1); // 08:59:59.999 CEST
    expect(s.activeWindow(at('2026-03-29T07:00:00Z'))).toBe(0); // 09:00 CEST
    expect(s.activeWindow(at('2026-10-25T07:59:59.999Z'))).toBe(-1); // 08:59:59.999 CET
    expect(s.activeWindow(at('2026-10-25T08:00:00Z'))).toBe(0); // 09:00 CET
  });

  it('skips the missing hour and repeats the doubled one (America/New_York)', () => {
    const skipped = schedule({ timezone: 'America/New_York', windows: [{ between: ['02:30', '02:31'] }] });
    expect(activeMinutes(skipped, '2026-03-08T00:00:00Z', 24)).toEqual([]);
    const repeated = schedule({ timezone: 'America/New_York', windows: [{ between: ['01:30', '01:31'] }] });
    // 01:30 EDT (-04:00), then 01:30 EST (-05:00).
    expect(activeMinutes(repeated, '2026-11-01T00:00:00Z', 24)).toEqual(['2026-11-01T05:30', '2026-11-01T06:30']);
  });

  it('makes a window spanning the change as long as the wall clock says (America/New_York)', () => {
    const s = schedule({ timezone: 'America/New_York', windows: [{ between: ['01:00', '04:00'] }] });
    expect(activeMinutes(s, '2026-03-08T00:00:00Z', 24)).toHaveLength(2 * 60); // 01:00 EST to 04:00 EDT
    expect(activeMinutes(s, '2026-11-01T00:00:00Z', 24)).toHaveLength(4 * 60); // 01:00 EDT to 04:00 EST
    expect(s.activeWindow(at('2026-03-08T06:59:59.999Z'))).toBe(0); // 01:59:59.999 EST
    expect(s.activeWindow(at('2026-03-08T07:00:00Z'))).toBe(0); // 03:00 EDT
    expect(s.activeWindow(at('2026-03-08T08:00:00Z'))).toBe(-1); // 04:00 EDT
  });

  it('repeats a local time in a half-hour zone whose change falls inside a UTC hour (Australia/Adelaide)', () => {
    const s = schedule({ timezone: 'Australia/Adelaide', windows: [{ between: ['02:30', '02:31'] }] });
    // 03:00 ACDT (+10:30) becomes 02:00 ACST (+09:30) at 16:30 UTC.
    expect(activeMinutes(s, '2026-04-04T12:00:00Z', 12)).toEqual(['2026-04-04T16:00', '2026-04-04T17:00']);
  });

  it('counts days by the local calendar on the day of a change', () => {
    const s = schedule({ timezone: 'Europe/Berlin', windows: [{ days: ['sun'] }] });
    expect(s.activeWindow(at('2026-03-28T22:59:59.999Z'))).toBe(-1); // Saturday 23:59:59.999 CET
    expect(s.activeWindow(at('2026-03-28T23:00:00Z'))).toBe(0); // Sunday 00:00 CET
    expect(s.activeWindow(at('2026-03-29T21:59:59.999Z'))).toBe(0); // Sunday 23:59:59.999 CEST
    expect(s.activeWindow(at('2026-03-29T22:00:00Z'))).toBe(-1); // Monday 00:00 CEST
  });
});

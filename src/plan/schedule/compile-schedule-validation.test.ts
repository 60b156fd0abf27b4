import { describe, expect, it } from 'vitest';
import type { ScheduleConfig, ScheduleWindowConfig } from '../../config/index.js';
import { compileSchedule } from './compile-schedule.js';

const AT = 'endpoints[2].schedule';

function issuesOf(config: ScheduleConfig) {
  const result = compileSchedule(config, AT);
  return result.ok ? [] : result.error;
}
const windowIssues = (window: ScheduleWindowConfig) => issuesOf({ windows: [{ days: ['sat'] }, window] });

describe('compileSchedule validation', () => {
  it('names the zone meant by a misspelled time zone', () => {
    expect(issuesOf({ timezone: 'Europe/Berln', windows: [{}] })).toEqual([
      { path: `${AT}.timezone`, message: 'unknown time zone "Europe/Berln" (did you mean "Europe/Berlin"?)' },
    ]);
    expect(issuesOf({ timezone: 'Berlin', windows: [{}] })[0]?.message).toBe('unknown time zone "Berlin" (did you mean "Europe/Berlin"?)');
    expect(issuesOf({ timezone: 'UTX', windows: [{}] })[0]?.message).toBe('unknown time zone "UTX" (did you mean "UTC"?)');
  });

  it('explains an unknown time zone with nothing close to it', () => {
    expect(issuesOf({ timezone: 'Mars/Olympus_Mons', windows: [{}] })).toEqual([
      { path: `${AT}.timezone`, message: 'unknown time zone "Mars/Olympus_Mons" (expected an IANA name like "Europe/Berlin" or "UTC")' },
    ]);
  });

  it('accepts zone names in any case and aliases, reporting the canonical name', () => {
    const result = compileSchedule({ timezone: 'europe/berlin', windows: [{}] }, AT);
    expect(result.ok && result.value.timezone).toBe('Europe/Berlin');
    const utc = compileSchedule({ timezone: 'Etc/UTC', windows: [{}] }, AT);
    expect(utc.ok && utc.value.timezone).toBe('UTC');
  });

  it('rejects a between whose start and end are equal', () => {
    expect(windowIssues({ between: ['09:00', '09:00'] })).toEqual([
      {
        path: `${AT}.windows[1].between`,
        message: 'start and end are the same time ("09:00", "09:00"), so the window is empty; use ["00:00", "24:00"] for the whole day',
      },
    ]);
  });

  it('allows 24:00 only as an end', () => {
    expect(windowIssues({ between: ['24:00', '06:00'] })).toEqual([
      { path: `${AT}.windows[1].between[0]`, message: '24:00 may only end a window; start at "00:00", got "24:00"' },
    ]);
    expect(windowIssues({ between: ['00:00', '24:00'] })).toEqual([]);
  });

  it('rejects dates that are not on the calendar', () => {
    expect(windowIssues({ dates: { from: '2026-02-30', to: '2026-13-01' } })).toEqual([
      { path: `${AT}.windows[1].dates.from`, message: '"2026-02-30" is not a calendar date (expected YYYY-MM-DD)' },
      { path: `${AT}.windows[1].dates.to`, message: '"2026-13-01" is not a calendar date (expected YYYY-MM-DD)' },
    ]);
    expect(windowIssues({ dates: { from: '2028-02-29' } })).toEqual([]); // a leap day
  });

  it('rejects a dates range that ends before it starts', () => {
    expect(windowIssues({ dates: { from: '2026-12-31', to: '2026-12-24' } })).toEqual([
      { path: `${AT}.windows[1].dates`, message: 'from "2026-12-31" is after to "2026-12-24"' },
    ]);
    expect(windowIssues({ dates: { from: '2026-12-24', to: '2026-12-24' } })).toEqual([]);
  });

  it('rejects a window an earlier unconditional window shadows', () => {
    expect(issuesOf({ windows: [{ name: 'always' }, { days: ['sat'] }, { between: ['22:00', '06:00'] }] })).toEqual([
      {
        path: `${AT}.windows[1]`,
        message: 'can never be active: windows[0] comes first and is active whenever this one is (the first active window wins)',
        related: [{ path: `${AT}.windows[0]` }],
      },
      {
        path: `${AT}.windows[2]`,
        message: 'can never be active: windows[0] comes first and is active whenever this one is (the first active window wins)',
        related: [{ path: `${AT}.windows[0]` }],
      },
    ]);
  });

  it('rejects a window an earlier wider one covers, and keeps windows that overlap only in part', () => {
    const covered = issuesOf({
      windows: [
        { days: ['mon-fri'], between: ['08:00', '18:00'] },
        { days: ['wed'], between: ['09:00', '17:00'] },
      ],
    });
    expect(covered.map((issue) => issue.path)).toEqual([`${AT}.windows[1]`]);
    expect(issuesOf({ windows: [{ between: ['22:00', '06:00'] }, { days: ['fri'], between: ['23:00', '02:00'] }] })).toHaveLength(1);
    expect(issuesOf({ windows: [{ days: ['mon-fri'], between: ['09:00', '17:00'] }, { between: ['08:00', '18:00'] }] })).toEqual([]);
    expect(issuesOf({ windows: [{ between: ['09:00', '17:00'] }, { between: ['22:00', '06:00'] }] })).toEqual([]);
  });

  it('reports every problem at once', () => {
    const issues = issuesOf({ timezone: 'Nowhere/Land', windows: [{ between: ['10:00', '10:00'] }, { dates: { from: '2026-02-29' } }] });
    expect(issues.map((issue) => issue.path)).toEqual([`${AT}.timezone`, `${AT}.windows[0].between`, `${AT}.windows[1].dates.from`]);
  });
});

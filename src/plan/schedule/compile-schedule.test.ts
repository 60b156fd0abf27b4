import { describe, expect, it } from 'vitest';
import type { ScheduleConfig } from '../../config/index.js';
import type { CompiledSchedule } from '../schedule-types.js';
import { compileSchedule } from './compile-schedule.js';

// Instants are written with explicit offsets, so every test is a fixed point in time.
const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant in test: ${iso}`);
  return ms;
};

function schedule(config: ScheduleConfig): CompiledSchedule {
  const result = compileSchedule(config, 'endpoints[2].schedule');
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe('compileSchedule', () => {
  it('tells weekdays from weekends', () => {
    const s = schedule({
      windows: [
        { name: 'week', days: ['mon-fri'] },
        { name: 'weekend', days: ['sat', 'sun'] },
      ],
    });
    expect(s.activeWindow(at('2026-01-05T12:00:00Z'))).toBe(0); // Monday
    expect(s.activeWindow(at('2026-01-09T23:59:59.999Z'))).toBe(0); // Friday, last instant
    expect(s.activeWindow(at('2026-01-10T00:00:00Z'))).toBe(1); // Saturday
    expect(s.activeWindow(at('2026-01-11T23:59:59.999Z'))).toBe(1); // Sunday
    expect(s.windowNames).toEqual(['week', 'weekend']);
  });

  it('reads wrapping day ranges through the end of the week', () => {
    const s = schedule({ windows: [{ days: ['fri-mon'] }] });
    expect(['2026-01-08', '2026-01-09', '2026-01-10', '2026-01-11', '2026-01-12', '2026-01-13'].map((day) => s.activeWindow(at(`${day}T12:00:00Z`)))).toEqual([
      -1, 0, 0, 0, 0, -1,
    ]);
  });

  it('uses UTC when no time zone is given', () => {
    const s = schedule({ windows: [{ between: ['09:00', '17:00'] }] });
    expect(s.timezone).toBe('UTC');
    expect(s.windowNames).toEqual(['windows[0]']);
    expect(s.activeWindow(at('2026-01-05T09:00:00Z'))).toBe(0);
    expect(s.activeWindow(at('2026-01-05T08:59:59.999Z'))).toBe(-1);
  });

  it('switches exactly at the local boundary instants', () => {
    const s = schedule({ timezone: 'Europe/Berlin', windows: [{ between: ['09:00', '17:00'] }] });
    expect(s.activeWindow(at('2026-01-05T08:59:59.999+01:00'))).toBe(-1);
    expect(s.activeWindow(at('2026-01-05T09:00:00.000+01:00'))).toBe(0);
    expect(s.activeWindow(at('2026-01-05T16:59:59.999+01:00'))).toBe(0);
    expect(s.activeWindow(at('2026-01-05T17:00:00.000+01:00'))).toBe(-1);
  });

  it('runs a window crossing midnight into the next day, with days naming the day it starts', () => {
    const s = schedule({ windows: [{ days: ['fri'], between: ['22:00', '06:00'] }] });
    expect(s.activeWindow(at('2026-01-09T21:59:59.999Z'))).toBe(-1); // Friday, before
    expect(s.activeWindow(at('2026-01-09T22:00:00Z'))).toBe(0); // Friday night
    expect(s.activeWindow(at('2026-01-10T03:00:00Z'))).toBe(0); // Saturday 03:00, started Friday
    expect(s.activeWindow(at('2026-01-10T05:59:59.999Z'))).toBe(0);
    expect(s.activeWindow(at('2026-01-10T06:00:00Z'))).toBe(-1);
    expect(s.activeWindow(at('2026-01-10T22:00:00Z'))).toBe(-1); // Saturday night is not Friday
    expect(s.activeWindow(at('2026-01-09T03:00:00Z'))).toBe(-1); // Friday 03:00 started on Thursday
  });

  it('ends a window at 24:00, the end of the local day', () => {
    const s = schedule({ timezone: 'America/New_York', windows: [{ days: ['mon'], between: ['18:00', '24:00'] }] });
    expect(s.activeWindow(at('2026-01-05T23:59:59.999-05:00'))).toBe(0);
    expect(s.activeWindow(at('2026-01-06T00:00:00-05:00'))).toBe(-1);
  });

  it('includes both ends of a dates range, as local dates', () => {
    const s = schedule({ timezone: 'Europe/Berlin', windows: [{ dates: { from: '2026-12-24', to: '2026-12-26' } }] });
    expect(s.activeWindow(at('2026-12-23T23:59:59.999+01:00'))).toBe(-1);
    expect(s.activeWindow(at('2026-12-24T00:00:00+01:00'))).toBe(0); // still Dec 23 in UTC
    expect(s.activeWindow(at('2026-12-26T23:59:59.999+01:00'))).toBe(0);
    expect(s.activeWindow(at('2026-12-27T00:00:00+01:00'))).toBe(-1);
  });

  it('lets a midnight-crossing window started on the last date run into the next day', () => {
    const s = schedule({ windows: [{ between: ['22:00', '02:00'], dates: { to: '2026-12-31' } }] });
    expect(s.activeWindow(at('2027-01-01T01:00:00Z'))).toBe(0);
    expect(s.activeWindow(at('2027-01-01T22:00:00Z'))).toBe(-1);
  });

  it('answers with the first active window in order, or -1', () => {
    const s = schedule({ windows: [{ between: ['12:00', '13:00'] }, { between: ['09:00', '17:00'] }] });
    expect(s.activeWindow(at('2026-01-05T12:30:00Z'))).toBe(0);
    expect(s.activeWindow(at('2026-01-05T10:00:00Z'))).toBe(1);
    expect(s.activeWindow(at('2026-01-05T18:00:00Z'))).toBe(-1);
  });

  it('treats a window without conditions as always active', () => {
    const s = schedule({ windows: [{ days: ['sat'] }, {}] });
    expect(s.activeWindow(at('2026-01-05T00:00:00Z'))).toBe(1);
    expect(s.activeWindow(at('2026-01-10T00:00:00Z'))).toBe(0);
  });

  it('gives the same answers whatever order instants are asked in', () => {
    const s = schedule({ timezone: 'Europe/Berlin', windows: [{ between: ['09:00', '17:00'] }] });
    const instants = ['2026-01-05T09:00:00+01:00', '2026-01-05T08:59:59.999+01:00', '2026-07-01T09:00:00+02:00', '2026-01-05T09:00:30+01:00'];
    expect(instants.map((iso) => s.activeWindow(at(iso)))).toEqual([0, -1, 0, 0]);
    expect([...instants].reverse().map((iso) => s.activeWindow(at(iso)))).toEqual([0, 0, -1, 0]);
  });
});

describe('activeWindow speed (printed, not asserted)', () => {
  const windows: ScheduleConfig['windows'] = [
    { days: ['sat', 'sun'] },
    { days: ['mon-fri'], between: ['22:00', '06:00'] },
    { days: ['mon-fri'], between: ['09:00', '17:00'], dates: { from: '2026-01-01', to: '2026-12-31' } },
  ];

  /** Nanoseconds per call over `calls` instants `stepMs` apart, starting on a Berlin Monday. */
  function nsPerCall(s: CompiledSchedule, stepMs: number, calls: number): number {
    const start = at('2026-03-23T00:00:00Z');
    let sink = 0;
    const began = performance.now();
    for (let i = 0; i < calls; i++) sink += s.activeWindow(start + i * stepMs);
    const ns = ((performance.now() - began) * 1e6) / calls;
    expect(sink).not.toBeNaN();
    return ns;
  }

  it('answers in nanoseconds on the hot path', () => {
    for (const timezone of ['UTC', 'Europe/Berlin']) {
      const s = schedule({ timezone, windows });
      nsPerCall(s, 7, 200_000); // warm up the JIT
      const requests = nsPerCall(s, 7, 2_000_000); // requests a few ms apart: mostly the same minute
      const minutes = nsPerCall(s, 60_001, 200_000); // a new local minute every call, across DST
      const hours = nsPerCall(s, 3_600_001, 20_000); // a new hour every call: Intl each time
      console.log(
        `activeWindow ${timezone}: ${requests.toFixed(1)} ns/call same minute, ${minutes.toFixed(0)} ns/call new minute, ${hours.toFixed(0)} ns/call new hour`,
      );
    }
  });
});

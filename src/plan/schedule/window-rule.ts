/**
 * A schedule window reduced to numbers, evaluated on local wall-clock minutes. Local days are
 * counted from 1970-01-01 in the schedule's zone, so dates compare as integers and the weekday
 * follows from the day number.
 */

export const MINUTES_PER_DAY = 1_440;
/** Every weekday bit set (bit 0 = Monday … bit 6 = Sunday). */
export const ALL_DAYS = 0b111_1111;

export interface WindowRule {
  /** Weekdays the window may start on, one bit each (bit 0 = Monday). */
  readonly daysMask: number;
  /** Minute of the local day the window opens, 0-1439. */
  readonly startMinute: number;
  /** Minute it closes, exclusive, 0-1440; at or before startMinute when it crosses midnight. */
  readonly endMinute: number;
  /** Local day numbers the window may start on, inclusive; ±Infinity when open-ended. */
  readonly fromDay: number;
  readonly toDay: number;
}

/** 1970-01-01 was a Thursday: day 0 has weekday 3 when Monday is 0. */
const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

const crossesMidnight = (rule: WindowRule): boolean => rule.endMinute <= rule.startMinute;

function startsOn(rule: WindowRule, day: number): boolean {
  return ((rule.daysMask >> weekdayOf(day)) & 1) === 1 && day >= rule.fromDay && day <= rule.toDay;
}

/**
 * Whether the window is open at a local minute (minutes since 1970-01-01T00:00 local). A window
 * crossing midnight is one occurrence spanning two days, and its days and dates conditions apply to
 * the day it starts: Friday 22:00-06:00 is open on Saturday at 03:00.
 */
export function isWindowActive(rule: WindowRule, localMinute: number): boolean {
  const day = Math.floor(localMinute / MINUTES_PER_DAY);
  const minute = localMinute - day * MINUTES_PER_DAY;
  if (!crossesMidnight(rule)) {
    return minute >= rule.startMinute && minute < rule.endMinute && startsOn(rule, day);
  }
  if (minute >= rule.startMinute) return startsOn(rule, day);
  return minute < rule.endMinute && startsOn(rule, day - 1);
}

/** Whether the window has no condition that can fail: it is open at every instant. */
function isAlwaysActive(rule: WindowRule): boolean {
  return rule.daysMask === ALL_DAYS && rule.startMinute === 0 && rule.endMinute === MINUTES_PER_DAY && rule.fromDay === -Infinity && rule.toDay === Infinity;
}

/**
 * Whether `earlier` is open at every instant `later` is, so `later` can never win. Exact but not
 * complete: it compares windows of the same shape (both crossing midnight or neither, so days and
 * dates refer to the same day) and otherwise only recognizes an always-active earlier window.
 */
export function covers(earlier: WindowRule, later: WindowRule): boolean {
  if (isAlwaysActive(earlier)) return true;
  if (crossesMidnight(earlier) !== crossesMidnight(later)) return false;
  return (
    (later.daysMask & ~earlier.daysMask) === 0 &&
    earlier.startMinute <= later.startMinute &&
    later.endMinute <= earlier.endMinute &&
    earlier.fromDay <= later.fromDay &&
    later.toDay <= earlier.toDay
  );
}

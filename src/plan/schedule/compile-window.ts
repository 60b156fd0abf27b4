import { err, ok, type ConfigIssue, type Result, type ScheduleWindowConfig } from '../../config/index.js';
import { ALL_DAYS, MINUTES_PER_DAY, type WindowRule } from './window-rule.js';
import { parseDays } from './parse-days.js';
import { parseLocalDate } from './parse-local-date.js';
import { parseTimeOfDay } from './parse-time-of-day.js';

/**
 * The conditions of one schedule window as a WindowRule; `at` is the window's config path
 * (`endpoints[2].schedule.windows[1]`). Every problem is reported, not just the first.
 */
export function compileWindow(window: ScheduleWindowConfig, at: string): Result<WindowRule, ConfigIssue[]> {
  const issues: ConfigIssue[] = [];

  let daysMask = window.days ? 0 : ALL_DAYS;
  window.days?.forEach((text, index) => {
    const mask = parseDays(text);
    if (mask === undefined) issues.push({ path: `${at}.days[${index}]`, message: `unknown day "${text}" (expected mon … sun or a range like mon-fri)` });
    else daysMask |= mask;
  });

  let startMinute = 0;
  let endMinute = MINUTES_PER_DAY;
  if (window.between) {
    const [startText, endText] = window.between;
    const start = parseTimeOfDay(startText);
    const end = parseTimeOfDay(endText);
    if (start === undefined || start === MINUTES_PER_DAY) {
      const why = start === undefined ? 'expected a time like "09:00"' : '24:00 may only end a window; start at "00:00"';
      issues.push({ path: `${at}.between[0]`, message: `${why}, got "${startText}"` });
    }
    if (end === undefined) issues.push({ path: `${at}.between[1]`, message: `expected a time like "17:00" (or "24:00"), got "${endText}"` });
    if (start !== undefined && end !== undefined && start === end) {
      issues.push({
        path: `${at}.between`,
        message: `start and end are the same time ("${startText}", "${endText}"), so the window is empty; use ["00:00", "24:00"] for the whole day`,
      });
    }
    startMinute = start ?? 0;
    endMinute = end ?? MINUTES_PER_DAY;
  }

  const fromDay = readDate(window.dates?.from, `${at}.dates.from`, issues) ?? -Infinity;
  const toDay = readDate(window.dates?.to, `${at}.dates.to`, issues) ?? Infinity;
  if (fromDay > toDay) {
    issues.push({ path: `${at}.dates`, message: `from "${window.dates?.from}" is after to "${window.dates?.to}"` });
  }

  return issues.length > 0 ? err(issues) : ok({ daysMask, startMinute, endMinute, fromDay, toDay });
}

function readDate(text: string | undefined, path: string, issues: ConfigIssue[]): number | undefined {
  if (text === undefined) return undefined;
  const day = parseLocalDate(text);
  if (day === undefined) issues.push({ path, message: `"${text}" is not a calendar date (expected YYYY-MM-DD)` });
  return day;
}

import { err, ok, type ConfigIssue, type Result, type ScheduleConfig } from '../../config/index.js';
import type { CompiledSchedule } from '../schedule-types.js';
import { compileWindow } from './compile-window.js';
import { resolveTimeZone } from './resolve-time-zone.js';
import { createUtcOffsetReader } from './utc-offset-reader.js';
import { covers, isWindowActive, type WindowRule } from './window-rule.js';

const MINUTE_MS = 60_000;

/**
 * Compiles a schedule; `at` is its config path (`endpoints[2].schedule`), prefixed to every issue.
 *
 * A window is active when its days, time-of-day (`between`) and dates conditions all hold, in
 * local wall-clock time of the schedule's zone (UTC by default); the first active window wins.
 * - `between` is [start, end): "24:00" may end a window; an end at or before the start crosses
 *   midnight, and then `days` and `dates` refer to the day the window starts (Friday 22:00-06:00
 *   covers Saturday 03:00; `dates.to: 2026-12-31` still covers 2027-01-01 02:00 of a 22:00 start).
 * - Daylight saving follows the wall clock: a 02:30 that is skipped in spring never happens, and
 *   a 01:30 repeated in autumn happens twice and is active both times.
 * - A window an earlier one always pre-empts is an issue. Unnamed windows are named `windows[i]`.
 */
export function compileSchedule(config: ScheduleConfig, at: string): Result<CompiledSchedule, ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  const zone = resolveTimeZone(config.timezone ?? 'UTC', `${at}.timezone`);
  if (!zone.ok) issues.push(zone.error);

  const rules: WindowRule[] = [];
  config.windows.forEach((window, index) => {
    const path = `${at}.windows[${index}]`;
    const rule = compileWindow(window, path);
    if (!rule.ok) {
      issues.push(...rule.error);
      return;
    }
    // Only windows that compiled are compared, so a broken window never hides another.
    const shadow = rules.findIndex((earlier) => earlier !== undefined && covers(earlier, rule.value));
    if (shadow >= 0) {
      const earlierPath = `${at}.windows[${shadow}]`;
      issues.push({
        path,
        message: `can never be active: windows[${shadow}] comes first and is active whenever this one is (the first active window wins)`,
        related: [{ path: earlierPath }],
      });
    }
    rules[index] = rule.value;
  });
  if (!zone.ok || issues.length > 0) return err(issues);

  return ok(
    createSchedule(
      zone.value,
      rules,
      config.windows.map((window, index) => window.name ?? `windows[${index}]`),
    ),
  );
}

function createSchedule(timezone: string, rules: readonly WindowRule[], windowNames: readonly string[]): CompiledSchedule {
  const offsets = createUtcOffsetReader(timezone);
  // The answer only changes when the local minute or the offset does, so the last answer is kept
  // with the span of instants it holds for: a request in the same minute costs two comparisons.
  let fromMs = 0;
  let untilMs = 0;
  let index = -1;
  return {
    timezone,
    windowNames,
    activeWindow(epochMs) {
      if (epochMs >= fromMs && epochMs < untilMs) return index;
      const span = offsets.spanAt(epochMs);
      const localMinute = Math.floor((epochMs + span.offsetMs) / MINUTE_MS);
      fromMs = Math.max(localMinute * MINUTE_MS - span.offsetMs, span.fromMs);
      untilMs = Math.min((localMinute + 1) * MINUTE_MS - span.offsetMs, span.untilMs);
      index = rules.findIndex((rule) => isWindowActive(rule, localMinute));
      return index;
    },
  };
}

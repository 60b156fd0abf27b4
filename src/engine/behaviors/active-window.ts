import type { PlanEndpoint, WindowBehavior } from '../../plan/index.js';

/** The schedule window in force at `nowMs` (schedule-clock time), or undefined outside every window. */
export function activeWindow(endpoint: PlanEndpoint, nowMs: number): WindowBehavior | undefined {
  const { schedule, windows } = endpoint.behaviors;
  const index = schedule ? schedule.activeWindow(nowMs) : -1;
  return index >= 0 ? windows[index] : undefined;
}

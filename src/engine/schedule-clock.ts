/** The wall clock schedules are evaluated against. */
export interface ScheduleClock {
  /** Epoch milliseconds. */
  now(): number;
}

/**
 * A clock that runs from `startMs` (server.clock.start) at real speed, so users can test a
 * schedule boundary without waiting for 9 a.m.; without a start it is the system clock.
 */
export function createScheduleClock(startMs: number | undefined, systemNow: () => number = Date.now): ScheduleClock {
  if (startMs === undefined) return { now: systemNow };
  const offsetMs = startMs - systemNow();
  return { now: () => systemNow() + offsetMs };
}

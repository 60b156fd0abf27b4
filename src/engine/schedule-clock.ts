import type { Clock } from '../clock/index.js';

/** The wall clock schedules are evaluated against. */
export interface ScheduleClock {
  /** Epoch milliseconds. */
  now(): number;
}

/**
 * A clock that runs from `startMs` (server.clock.start) at `clock`'s speed, so users can test a
 * schedule boundary without waiting for 9 a.m.; without a start it is `clock`'s epoch time.
 */
export function createScheduleClock(startMs: number | undefined, clock: Clock): ScheduleClock {
  if (startMs === undefined) return { now: () => clock.epochMs() };
  const offsetMs = startMs - clock.epochMs();
  return { now: () => clock.epochMs() + offsetMs };
}

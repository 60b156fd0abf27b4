/**
 * A compiled schedule: which window (by index into the schedule's windows) is active at an instant.
 * Windows are checked in order; the first active one wins; -1 when none is.
 */
export interface CompiledSchedule {
  activeWindow(epochMs: number): number;
  readonly timezone: string;
  readonly windowNames: readonly string[];
}

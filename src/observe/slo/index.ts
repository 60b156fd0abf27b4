export { createSloTracker } from './slo-tracker.js';
export type { SloDefinition, SloTracker, TrackedObjective } from './slo-tracker.js';
export { mergeSloRows } from './slo-row.js';

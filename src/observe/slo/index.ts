export { createSloTracker } from './slo-tracker.js';
export type { SloDefinition, SloTracker, TrackedObjective } from './slo-tracker.js';
export { mergeSloRows } from './slo-row.js';
export { persistSlos } from './slo-persistence.js';
export { openSloStore, type SloStore } from './slo-store.js';

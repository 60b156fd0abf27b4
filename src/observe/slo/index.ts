export { createSloTracker } from './slo-tracker.js';
export type { SloDefinition, SloTracker } from './slo-tracker.js';
export { registerSloMetrics } from './slo-metrics.js';

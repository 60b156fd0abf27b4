export type { Clock, TimerId } from './clock.js';
export { systemClock } from './system-clock.js';
export { ManualClock, type ManualClockOptions } from './manual-clock.js';

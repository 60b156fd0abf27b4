export type { Clock, TimerId } from './clock.js';
export { systemClock } from './system-clock.js';
export { ManualClock } from './manual-clock.js';
export { repeatInBackground } from './repeat-in-background.js';

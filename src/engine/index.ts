export { createEngine } from './create-engine.js';
export type { Engine, EngineDeps } from './create-engine.js';
export { createScheduleClock } from './schedule-clock.js';
export type { ScheduleClock } from './schedule-clock.js';
export { seedCollection } from './crud/index.js';
export { parseCookies } from './incoming-request.js';
export type { RequestTrace, RequestTracer } from './request-tracer.js';
export { simulate } from './pipeline/index.js';
export { activeWindow } from './behaviors/index.js';

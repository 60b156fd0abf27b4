export { createEngine } from './create-engine.js';
export type { Engine, EngineDeps } from './create-engine.js';
export { createScheduleClock } from './schedule-clock.js';
export type { ScheduleClock } from './schedule-clock.js';
export { seedCollection } from './crud/index.js';
export { renderTemplateResponse } from './respond/produce-response.js';
export { parseCookies } from './incoming-request.js';
export type { RequestTrace, RequestTracer } from './request-tracer.js';

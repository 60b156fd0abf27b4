export { compilePlan } from './compile-plan.js';
export type { PlanSource, PlanDeps } from './compile-plan.js';
export type { Plan, PlanEndpoint, ServerSettings } from './plan.js';
export type { Responder, PreparedResponse, TemplateResponse } from './responders/types.js';
export { prepareResponse } from './responders/compile-response.js';
export type { MockRequest } from './mock-request.js';
export type { NearMiss, Mismatch, RouteLookup } from './match/types.js';
export type { TemplateContext } from './templates/types.js';

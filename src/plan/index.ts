export { compilePlan } from './compile-plan.js';
export type { PlanDeps } from './compile-plan.js';
export type { Plan, PlanEndpoint } from './plan.js';
export { MAX_TIMER_MS } from './timer-duration-ms.js';
export type { Responder, PreparedResponse, TemplateResponse } from './responders/types.js';
export { SequenceCursors, type OpenSequencePositions } from './responders/sequence-cursors.js';
export type { MockRequest, StateRef, StateReader } from './mock-request.js';
export type { NearMiss, RouteLookup } from './match/types.js';
export type { TemplateContext, TemplateState } from './templates/types.js';
export type { StateSettings, UpFrontIncrement } from './state/index.js';
export type { Behavior, WindowBehavior, Fault, FaultTable, Corruption, RateLimitSpec } from './behaviors/types.js';
export { createOpenApiAjv } from './validate/index.js';
export type { CrudSpec } from './crud/crud-spec.js';
export { idOf } from './crud/item-key.js';
export type { PlanWorkflow } from './workflows/index.js';
export { currentState, statesOf } from './workflows/index.js';
export type {
  BreakerSpec,
  BulkheadSpec,
  ConditionSet,
  DeadlineSpec,
  FallbackResponder,
  HedgeSpec,
  ResilienceSpec,
  RetrySpec,
  StaleFallbackSpec,
} from './upstreams/resilience-spec.js';
export type { UpstreamSpec, TargetSpec, BalanceSpec, HashKey, ProxySpec, ActiveHealthSpec, OutlierSpec, PoolSpec, TlsSpec } from './upstreams/upstream-spec.js';

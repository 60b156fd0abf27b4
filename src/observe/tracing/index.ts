export { openRequestTracing } from './open-request-tracing.js';
export type { RequestTracing, TracingOptions } from './create-request-tracing.js';
export type { AnswerShape, AttemptSpan, AttemptStart, MatchedEndpoint } from './otel-request-trace.js';

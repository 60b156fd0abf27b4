export { createRequestTracing } from './create-request-tracing.js';
export type { RequestTracing, TracingOptions } from './create-request-tracing.js';

import type { RequestTracing, TracingOptions } from './create-request-tracing.js';

/**
 * createRequestTracing, with OpenTelemetry imported on the first call: tracing is off unless
 * `observability.tracing` is configured, and the SDK and exporter cost about 8 MiB of RSS once settled (measured on the quickstart).
 */
export async function openRequestTracing(options: TracingOptions): Promise<RequestTracing> {
  const { createRequestTracing } = await import('./create-request-tracing.js');
  return createRequestTracing(options);
}

import type { IncomingMessage } from 'node:http';
import { defaultTextMapGetter, ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { ExportResultCode, hrTime, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { arrivalAttributes, OtelRequestTrace } from './otel-request-trace.js';

export interface TracingOptions {
  /** OTLP/HTTP traces URL, e.g. http://127.0.0.1:4318/v1/traces (OTLP JSON is sent). */
  readonly otlpEndpoint: string;
  readonly serviceName?: string;
  /** Share of new traces sampled; a request carrying a `traceparent` follows its parent's decision. */
  readonly sampleRatio?: number;
  /** Extra headers sent with every export. */
  readonly headers?: Readonly<Record<string, string>>;
  /** How long finished spans wait before they are exported in a batch (default 5000 ms). */
  readonly scheduledDelayMs?: number;
  /** Called when a batch could not be exported (the collector is down, refuses, or times out). */
  readonly onExportError?: (error: Error, spanCount: number) => void;
}

const SHUTDOWN_TIMEOUT_MS = 3_000;

/** The tracing of one Mimicus instance: the engine's hook, and the provider's lifecycle. */
export interface RequestTracing {
  /** Starts a request's trace at arrival, or returns undefined when the request is not sampled. */
  start(req: IncomingMessage, arrivedAt: number): OtelRequestTrace | undefined;
  /** Exports what is buffered. */
  flush(): Promise<void>;
  /** Exports what is buffered (waiting at most 3 s) and stops the exporter. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry tracing with the lean packages: a BasicTracerProvider owned by this instance (never
 * registered globally, so two instances in one process, and tests, do not see each other's spans),
 * a BatchSpanProcessor exporting OTLP/HTTP JSON, W3C trace context continued from incoming
 * requests, and `ParentBased(TraceIdRatioBased(sampleRatio))` sampling.
 */
export function createRequestTracing(options: TracingOptions): RequestTracing {
  const sampleRatio = options.sampleRatio ?? 1;
  const otlp = new OTLPTraceExporter({ url: options.otlpEndpoint, headers: { ...(options.headers ?? {}) } });
  const { onExportError } = options;
  // The SDK reports failed exports to its diag logger only, which nobody registers: pass them on.
  const exporter: SpanExporter = {
    export: (spans, done) =>
      otlp.export(spans, (result) => {
        if (result.code !== ExportResultCode.SUCCESS) onExportError?.(result.error ?? new Error('export failed'), spans.length);
        done(result);
      }),
    shutdown: () => otlp.shutdown(),
    forceFlush: () => otlp.forceFlush(),
  };
  const provider = new BasicTracerProvider({
    // OTEL_RESOURCE_ATTRIBUTES (deployment.environment=…, etc.) as operators set it; serviceName wins over OTEL_SERVICE_NAME.
    resource: defaultResource()
      .merge(detectResources({ detectors: [envDetector] }))
      .merge(resourceFromAttributes({ 'service.name': options.serviceName ?? 'mimicus' })),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor(exporter, options.scheduledDelayMs !== undefined ? { scheduledDelayMillis: options.scheduledDelayMs } : {})],
  });
  const tracer = provider.getTracer('mimicus');
  const propagator = new W3CTraceContextPropagator();

  return {
    start(req, arrivedAt) {
      const hasParent = req.headers.traceparent !== undefined;
      // The common case with sampleRatio 0: a new trace that is never sampled costs one header read.
      if (!hasParent && sampleRatio === 0) return undefined;
      const parent = hasParent ? propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter) : ROOT_CONTEXT;
      const method = req.method ?? 'GET';
      const span = tracer.startSpan(method, { kind: SpanKind.SERVER, startTime: hrTime(arrivedAt), attributes: arrivalAttributes(req) }, parent);
      if (!span.isRecording()) return undefined;
      return new OtelRequestTrace(tracer, propagator, span, method);
    },
    flush: () => provider.forceFlush(),
    // An unreachable collector must not hold close() for the exporter's whole timeout.
    shutdown: () => {
      let timer: NodeJS.Timeout | undefined;
      const bounded = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_TIMEOUT_MS).unref()));
      return Promise.race([provider.shutdown(), bounded]).finally(() => clearTimeout(timer));
    },
  };
}

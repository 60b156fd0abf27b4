import { openRequestTracing, type Logger, type RequestTracing, type TracingOptions } from '../observe/index.js';

/** Tracing from `observability.tracing`; failed exports are logged, at most once a minute. */
export async function openTracing(config: TracingOptions, scheduledDelayMs: number | undefined, logger: Logger): Promise<RequestTracing> {
  let lastWarnedAt = -Infinity;
  let unreported = 0;
  const tracing = await openRequestTracing({
    ...config,
    ...(scheduledDelayMs !== undefined ? { scheduledDelayMs } : {}),
    onExportError: (error, spanCount) => {
      unreported += spanCount;
      if (Date.now() - lastWarnedAt < 60_000) return;
      logger.warn(
        { err: error, otlpEndpoint: config.otlpEndpoint, droppedSpans: unreported },
        `traces could not be exported to ${config.otlpEndpoint}: ${error.message}`,
      );
      lastWarnedAt = Date.now();
      unreported = 0;
    },
  });
  logger.info({ otlpEndpoint: config.otlpEndpoint, sampleRatio: config.sampleRatio ?? 1 }, `tracing: exporting to ${config.otlpEndpoint}`);
  return tracing;
}

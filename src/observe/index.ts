export { createLogger } from './logger.js';
export type { Logger, LogLevel, LoggerOptions } from './logger.js';
export { openJournal, journalOptions } from './journal/index.js';
export type {
  AppliedSummary,
  Journal,
  JournalBody,
  JournalEntry,
  JournalExchange,
  JournalFilter,
  JournalIdentity,
  JournalOptions,
  JournalPage,
  JournalPageOptions,
  JournalRecorder,
  JournalSummary,
  OpenJournal,
} from './journal/index.js';
export { createMetrics, cpuWarningSettings, metricDefinitions, mimicusMetricNames, UNMATCHED_ENDPOINT } from './metrics/index.js';
export type {
  ActiveCpuWarning,
  CpuSample,
  CpuWarningChange,
  EndpointWindowStats,
  LatencyPercentiles,
  Metrics,
  MetricsOptions,
  MetricsPort,
  MetricsSnapshot,
  WindowName,
  WindowStats,
  WindowSummary,
} from './metrics/index.js';
export { openRequestTracing } from './tracing/index.js';
export type { AnswerShape, MatchedEndpoint, RequestTracing, TracingOptions } from './tracing/index.js';
export { logAccess } from './access-log.js';
export { createConfigAudit } from './config-audit.js';
export type { AppliedConfigChange, ConfigAudit, ConfigChangeSource, RejectedConfigChange } from './config-audit.js';

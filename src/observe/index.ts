export { createLogger } from './logger.js';
export type { Logger, LogLevel } from './logger.js';
export { openJournal, openSqliteJournalStore, journalOptions, isCountingJournal, withExactCounts, listAcross } from './journal/index.js';
export type {
  AppliedSummary,
  Journal,
  JournalExchange,
  JournalFilter,
  JournalPage,
  JournalRecorder,
  JournalStore,
  MergedPage,
  OpenJournal,
  SourceAnswer,
} from './journal/index.js';
export { createMetrics, mimicusMetricNames, mergeMetricsExports, snapshotOfExports } from './metrics/index.js';
export type { Metrics, MetricsExport, MetricsPort, ResilienceReading } from './metrics/index.js';
export { openRequestTracing } from './tracing/index.js';
export type { AnswerShape, MatchedEndpoint, RequestTracing, TracingOptions } from './tracing/index.js';
export { logAccess } from './access-log.js';
export { createConfigAudit } from './config-audit.js';
export type { ConfigAudit } from './config-audit.js';

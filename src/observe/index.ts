export { createLogger } from './logger.js';
export type { Logger, LogLevel } from './logger.js';
export { openJournal, openSqliteJournalStore, journalOptions, isCountingJournal, withExactCounts } from './journal/index.js';
export type {
  AppliedSummary,
  Journal,
  JournalExchange,
  JournalFilter,
  JournalRecorder,
  JournalStore,
  OpenJournal,
} from './journal/index.js';
export { createMetrics, mimicusMetricNames } from './metrics/index.js';
export type { Metrics, MetricsPort } from './metrics/index.js';
export { openRequestTracing } from './tracing/index.js';
export type { AnswerShape, MatchedEndpoint, RequestTracing, TracingOptions } from './tracing/index.js';
export { logAccess } from './access-log.js';
export { createConfigAudit } from './config-audit.js';
export type { ConfigAudit } from './config-audit.js';

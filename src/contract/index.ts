/**
 * The admin API's contract: the data its routes answer and its events carry, as TypeBox schemas
 * (JSON Schema: Fastify's response schemas and /api/openapi.json) with their types derived. The
 * server types what it produces with these and the web console imports them, so a drift is a
 * compile error on both sides. No node builtins here: the web bundle imports this folder.
 */
export { ConfigCheckSchema, ConfigIssueSchema, ProblemSchema } from './problem.js';
export type { ConfigCheck, ConfigIssueBody, Problem } from './problem.js';
export {
  ActiveCpuWarningSchema,
  EndpointWindowStatsSchema,
  LatencyPercentilesSchema,
  MetricsSnapshotSchema,
  metricsWindowNames,
  WindowStatsSchema,
  WindowSummarySchema,
} from './metrics-snapshot.js';
export type {
  ActiveCpuWarning,
  CurrentRate,
  EndpointWindowStats,
  LatencyPercentiles,
  MetricsSnapshot,
  WindowName,
  WindowStats,
  WindowSummary,
} from './metrics-snapshot.js';
export type { SloStatus } from './slo-status.js';
export { ConfigChangeSchema, RecordedVersionSchema, VersionDetailSchema, VersionListSchema, VersionMetaSchema } from './versions.js';
export type { ConfigChange, RecordedVersion, VersionDetail, VersionList, VersionMeta } from './versions.js';
export {
  AppliedSummarySchema,
  HeadersSchema,
  JournalBodySchema,
  JournalEntrySchema,
  JournalListSchema,
  JournalStateChangeSchema,
  JournalSummarySchema,
} from './journal-entry.js';
export type { AppliedSummary, Headers, JournalBody, JournalEntry, JournalList, JournalStateChange, JournalSummary } from './journal-entry.js';
export { StateEntrySchema, StateListSchema, WorkflowScopeStateSchema, WorkflowStateListSchema } from './state-entry.js';
export type { StateEntry, StateEntryKind, StateList, WorkflowScopeState, WorkflowStateList } from './state-entry.js';
export {
  AdminEventSchema,
  ConfigAppliedSchema,
  ConfigRejectedSchema,
  eventTopics,
  EventStreamMessageSchema,
  MetricsTickSchema,
  RequestCompletedSchema,
  StateChangedSchema,
  SubscribedSchema,
  TickEndpointMetricsSchema,
  WarningSchema,
} from './admin-event.js';
export type {
  AdminEvent,
  AdminEventBody,
  AdminEventType,
  EventStreamMessage,
  EventTopic,
  MetricsTick,
  RequestCompleted,
  StateChanged,
  TickEndpointMetrics,
  Warning,
} from './admin-event.js';
export { ActiveWindowSchema, ServerStatusSchema } from './server-status.js';
export type { ActiveWindow, ServerStatus } from './server-status.js';
export { LatencyPreviewSchema, MatchReportSchema, NearMissSchema, PreviewResponseSchema, ResolvedBehaviorsSchema } from './dry-run.js';
export type { LatencyPreview, MatchReport, NearMiss, PreviewResponse, ResolvedBehaviors } from './dry-run.js';
export { ImportFailureSchema, ImportPreviewSchema } from './import-preview.js';
export type { ImportPreview } from './import-preview.js';
export {
  EndpointTestRequestSchema,
  EndpointTestResultSchema,
  UpstreamAttemptSchema,
  UpstreamHealthSchema,
  UpstreamListSchema,
  UpstreamStatusSchema,
} from './upstream-status.js';
export type {
  EndpointTestRequest,
  EndpointTestResult,
  TargetHealth,
  TargetStatus,
  UpstreamAttempt,
  UpstreamHealth,
  UpstreamList,
  UpstreamStatus,
} from './upstream-status.js';

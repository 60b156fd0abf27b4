export { startAdminServer } from './start-admin-server.js';
export { AdminKeysRequiredError } from './admin-keys-required-error.js';
export type { AdminServer } from './create-admin-server.js';
export type {
  ApplyOutcome,
  ChangeInfo,
  ChangeSource,
  ConfigPort,
  ConfigRejection,
  ControlStatus,
  EndpointTestPort,
  StatePort,
  StatusPort,
  UpstreamPort,
} from './control-port.js';
export { createMemoryVersionStore, createSqliteVersionStore } from './versions/index.js';
export type { VersionMeta, VersionStore, VersionStoreOptions } from './versions/index.js';
export { createMemoryApiKeyStore, createSqliteApiKeyStore } from './api-keys/index.js';
export type { ApiKeyStore } from './api-keys/index.js';
export type { DryRunPort, LatencyPreview, MatchReport, PreviewResponse, ResolvedBehaviors, SampleRequest } from './dry-run-port.js';
export { isLoopback } from './is-loopback.js';
export { createEventBus } from './events/event-bus.js';
export type { EventBus } from './events/event-bus.js';
export { publishRequests, publishStateChanges } from './events/publish-control-events.js';
export { configChangeEvents } from './events/config-change-events.js';
export { publishStateWrites } from './events/publish-state-writes.js';
export type { EventStreamOptions } from './routes/event-routes.js';

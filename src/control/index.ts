export { createAdminServer, AdminKeysRequiredError } from './create-admin-server.js';
export type { AdminServer, AdminServerOptions } from './create-admin-server.js';
export type { AdminApiKey, AdminRole } from './authenticate.js';
export type { ApplyOutcome, ChangeInfo, ControlPort, ControlStatus, StateEntry, StateEntryKind, StatePort } from './control-port.js';
export { createVersionStore } from './versions/index.js';
export type { VersionStore } from './versions/index.js';
export type { DryRunPort, MatchReport, PreviewInput, PreviewResponse, ResolvedBehaviors, SampleRequest } from './dry-run-port.js';
export { isLoopback } from './is-loopback.js';

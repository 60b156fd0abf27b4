export { createMimicus } from './create-mimicus.js';
export type { MimicusOptions } from './create-mimicus.js';
export type { AdminListenOptions, Mimicus, ReloadOptions, ReloadResult } from './mimicus.js';
export { loadPlan } from './load-plan.js';
export type { ConfigInput } from './load-plan.js';
export { ConfigInvalidError } from './config-invalid-error.js';
export type { StateAdminEntry, StateEntryKind } from './state-admin.js';
export { openStateAdmin, resolveDataDir } from './open-state-admin.js';
export type { OpenedStateAdmin, StateLocation } from './open-state-admin.js';
export { AppError } from '../errors/index.js';
export { createLogger } from '../observe/index.js';
export type { Logger, LogLevel } from '../observe/index.js';
export type { ConfigListener } from './config-listener.js';
// The port a worker's shared sequence positions implement (ClusterHooks.openSequence).
export type { OpenSequencePositions } from '../plan/index.js';

export { createMimicus } from './create-mimicus.js';
export type { Mimicus, MimicusOptions } from './create-mimicus.js';
export { loadPlan } from './load-plan.js';
export type { ConfigInput, PlanOptions, LoadedPlan } from './load-plan.js';
export { ConfigInvalidError } from './config-invalid-error.js';
export type { StateAdmin, StateAdminEntry, StateEntryKind, StateListOptions } from './state-admin.js';
export { createLogger } from '../observe/index.js';
export type { Logger, LogLevel } from '../observe/index.js';

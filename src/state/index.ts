export type { JsonValue } from './json-value.js';
export type { StateEntry, StateStore, StateStoreOptions, StateWrite, StateWriteResult, WriteOptions } from './state-store.js';
export { createMemoryStateStore } from './memory-state-store.js';
export { openSqliteStateStore } from './sqlite-state-store.js';
export type { SqliteStateStoreOptions } from './sqlite-state-store.js';
export {
  SCOPE_KINDS,
  crudCollectionPrefix,
  parseScopeText,
  formatScope,
  parseStateKey,
  scopeKindPrefix,
  scopePrefix,
  sequenceCounterKey,
  variableKey,
  workflowStateKey,
} from './state-keys.js';
export type { ParsedStateKey, ScopeKind, ScopeRef } from './state-keys.js';

export type { JsonValue } from './json-value.js';
export type { StateStore, StateWrite } from './state-store.js';
export { createMemoryStateStore } from './memory-state-store.js';
export { openSqliteStateStore } from './sqlite-state-store.js';
export type { SqliteStateStoreOptions } from './sqlite-state-store.js';
export { openRedisStateStore } from './redis/redis-state-store.js';
export { luaScript, openRedisConnection, redactRedisUrl, runScript } from './redis/redis-client.js';
export {
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
export type { ScopeKind, ScopeRef } from './state-keys.js';

import { AppError } from '../errors/index.js';
import {
  parseScopeText,
  formatScope,
  parseStateKey,
  scopeKindPrefix,
  scopePrefix,
  variableKey,
  workflowStateKey,
  type JsonValue,
  type ScopeKind,
  type ScopeRef,
  type StateStore,
} from '../state/index.js';

export type StateEntryKind = 'var' | 'seq' | 'crud' | 'wf';

/** One stored entry as users see it. */
export interface StateAdminEntry {
  /** The scope as users write it: `global`, `session:abc`, `client:10.0.0.7`, `endpoint:orders`. */
  readonly scope: string;
  readonly kind: StateEntryKind;
  /** The variable key, sequence name, `<collection>:<id>` or workflow id. */
  readonly name: string;
  readonly value: JsonValue;
  /** ISO 8601; absent when it never expires. */
  readonly expiresAt?: string;
}

export interface StateListOptions {
  /** Only entries of this kind. */
  readonly kind?: StateEntryKind;
  /** At most this many entries (after the kind filter). */
  readonly limit?: number;
}

/**
 * Reads and changes the state a running Mimicus keeps (the engine's own store, so a running server
 * sees every change at once). Scopes are written as on the command line: `global`, `session:<id>`,
 * `client:<address>`, `endpoint:<id>`, or a whole kind (`session` = every session) where noted.
 * Bad scope text rejects with `STATE_SCOPE_INVALID`.
 */
export interface StateAdmin {
  /** Entries sorted by key, of one scope, one kind of scope (`session`), or every scope when none is given. */
  list(scope?: string, options?: StateListOptions): Promise<StateAdminEntry[]>;
  /** A variable of one concrete scope, or `undefined` when it is not set. */
  get(scope: string, key: string): Promise<JsonValue | undefined>;
  /** Sets a variable of one concrete scope; `value` must be JSON (else `STATE_VALUE_INVALID`). */
  /** `ttlMs`: the variable expires that long from now (as `state: { ttl }` in a config does). */
  set(scope: string, key: string, value: unknown, options?: { readonly ttlMs?: number }): Promise<void>;
  /** Whether the variable existed. */
  delete(scope: string, key: string): Promise<boolean>;
  /**
   * Removes every entry of a scope (variables, sequence counters, CRUD items, workflow states) and
   * returns how many there were. `session`, `client` and `endpoint` alone reset every scope of that
   * kind. CRUD items go with their scope: resetting `global` also empties the global collections,
   * whose seeds are loaded again only when a config is (re)loaded (or Mimicus restarts).
   */
  reset(scope: string): Promise<number>;
  /**
   * Sends a workflow back to its initial state by removing its stored state: in one scope (or one
   * kind of scope), or in every scope when none is given. Returns how many states were removed.
   */
  resetWorkflow(workflowId: string, scope?: string): Promise<number>;
}

type WholeKind = { readonly kind: ScopeKind; readonly all: true };
type ParsedScope = ScopeRef | WholeKind;

function parseScope(text: string): ParsedScope {
  const parsed = parseScopeText(text);
  if (!parsed.ok) throw new AppError('STATE_SCOPE_INVALID', parsed.error);
  return parsed.scope;
}

const isWholeKind = (scope: ParsedScope): scope is WholeKind => 'all' in scope;

function concreteScope(text: string): ScopeRef {
  const scope = parseScope(text);
  if (isWholeKind(scope)) {
    throw new AppError('STATE_SCOPE_INVALID', `scope "${text}" names every ${text}: give one, e.g. "${text}:<id>"`);
  }
  return scope;
}

function prefixOf(scope: ParsedScope): string {
  return isWholeKind(scope) ? scopeKindPrefix(scope.kind) : scopePrefix(scope);
}

function checkName(what: string, name: string): string {
  if (name === '') throw new AppError('STATE_VALUE_INVALID', `${what} must not be empty`);
  return name;
}

/** `store` is asked for only once the arguments are checked, so a bad call opens (and creates) nothing. */
export function createStateAdmin(store: () => Promise<StateStore>): StateAdmin {
  return {
    async list(scopeText, options = {}) {
      const scope = scopeText === undefined ? undefined : parseScope(scopeText);
      const { kind, limit } = options;
      let prefix = scope ? prefixOf(scope) : '';
      // Within one concrete scope a kind is a key prefix too, so the store can apply the limit. The
      // listing of every scope may meet keys outside the layout, so there the limit applies here.
      if (kind && scope && !isWholeKind(scope)) prefix += `${kind}:`;
      const pushDownLimit = scope !== undefined && (!kind || !isWholeKind(scope));
      const entries = await (await store()).list(prefix, pushDownLimit && limit !== undefined ? { limit } : {});
      const listed: StateAdminEntry[] = [];
      for (const entry of entries) {
        const parsed = parseStateKey(entry.key);
        // Keys outside the layout are nobody's state: leave them out rather than guess a scope.
        if (!parsed || (kind && parsed.kind !== kind)) continue;
        if (limit !== undefined && listed.length >= limit) break;
        const at = { scope: formatScope(parsed.scope), kind: parsed.kind, name: parsed.name, value: entry.value };
        listed.push(entry.expiresAt === undefined ? at : { ...at, expiresAt: new Date(entry.expiresAt).toISOString() });
      }
      return listed;
    },

    async get(scope, key) {
      const stored = variableKey(concreteScope(scope), checkName('a variable key', key));
      return (await store()).get(stored);
    },

    async set(scope, key, value, options = {}) {
      const stored = variableKey(concreteScope(scope), checkName('a variable key', key));
      await (await store()).set(stored, value, options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs });
    },

    async delete(scope, key) {
      const stored = variableKey(concreteScope(scope), checkName('a variable key', key));
      return (await store()).delete(stored);
    },

    async reset(scopeText) {
      const prefix = prefixOf(parseScope(scopeText));
      return (await store()).deletePrefix(prefix);
    },

    async resetWorkflow(workflowId, scopeText) {
      checkName('a workflow id', workflowId);
      const scope = scopeText === undefined ? undefined : parseScope(scopeText);
      const opened = await store();
      if (scope && !isWholeKind(scope)) return (await opened.delete(workflowStateKey(scope, workflowId))) ? 1 : 0;
      const keys = (await opened.list(scope ? prefixOf(scope) : ''))
        .map((entry) => entry.key)
        .filter((key) => {
          const parsed = parseStateKey(key);
          return parsed?.kind === 'wf' && parsed.name === workflowId;
        });
      if (keys.length === 0) return 0;
      const removed = await opened.apply(keys.map((key) => ({ kind: 'delete' as const, key })));
      return removed.filter((result) => result === true).length;
    },
  };
}

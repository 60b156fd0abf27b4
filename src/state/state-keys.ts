/**
 * How scoped state is laid out in a StateStore's flat key space. Every key starts with its scope,
 * so resetting a scope is one `deletePrefix`:
 *
 *   global:                     state shared by every request
 *   session:<id>:               one session (the id percent-encoded, so it never contains ':')
 *   client:<address>:           one client address
 *   endpoint:<endpoint id>:     private to one endpoint
 *
 * and, inside a scope, the kind of entry:
 *
 *   var:<key>                   a variable (templates, `state:` actions, `match.state`)
 *   seq:<name>                  a `{{sequence}}` counter
 *   crud:<collection>:<id>      an item of a CRUD collection
 *   wf:<workflow id>            the current state of a workflow's state machine
 *
 * The layout belongs to the state zone so that the engine, the CLI and the control plane agree.
 */

export type ScopeKind = 'global' | 'session' | 'client' | 'endpoint';

/** One concrete scope: the kind and, except for global, whose it is. */
export type ScopeRef = { readonly kind: 'global' } | { readonly kind: Exclude<ScopeKind, 'global'>; readonly id: string };

export const SCOPE_KINDS: readonly ScopeKind[] = ['global', 'session', 'client', 'endpoint'];

/** The key prefix of every entry in `scope`. */
export function scopePrefix(scope: ScopeRef): string {
  return scope.kind === 'global' ? 'global:' : `${scope.kind}:${encodeURIComponent(scope.id)}:`;
}

/** The key prefix of every scope of a kind (all sessions, all clients…). */
export function scopeKindPrefix(kind: ScopeKind): string {
  return `${kind}:`;
}

export const variableKey = (scope: ScopeRef, key: string): string => `${scopePrefix(scope)}var:${key}`;
export const sequenceCounterKey = (scope: ScopeRef, name: string): string => `${scopePrefix(scope)}seq:${name}`;
export const crudCollectionPrefix = (scope: ScopeRef, collection: string): string => `${scopePrefix(scope)}crud:${collection}:`;
export const workflowStateKey = (scope: ScopeRef, workflowId: string): string => `${scopePrefix(scope)}wf:${workflowId}`;

/** What a stored key means, for listings (CLI, admin API); undefined for keys outside this layout. */
export interface ParsedStateKey {
  readonly scope: ScopeRef;
  readonly kind: 'var' | 'seq' | 'crud' | 'wf';
  /** The variable key, sequence name, `<collection>:<id>` or workflow id. */
  readonly name: string;
}

export function parseStateKey(key: string): ParsedStateKey | undefined {
  let scope: ScopeRef;
  let rest: string;
  if (key.startsWith('global:')) {
    scope = { kind: 'global' };
    rest = key.slice('global:'.length);
  } else {
    const first = key.indexOf(':');
    const second = key.indexOf(':', first + 1);
    const kind = key.slice(0, first) as ScopeKind;
    if (first < 0 || second < 0 || kind === 'global' || !SCOPE_KINDS.includes(kind)) return undefined;
    let id: string;
    try {
      id = decodeURIComponent(key.slice(first + 1, second));
    } catch {
      return undefined;
    }
    scope = { kind, id } as ScopeRef;
    rest = key.slice(second + 1);
  }
  const colon = rest.indexOf(':');
  const entryKind = rest.slice(0, colon);
  if (colon < 0 || !(entryKind === 'var' || entryKind === 'seq' || entryKind === 'crud' || entryKind === 'wf')) return undefined;
  return { scope, kind: entryKind, name: rest.slice(colon + 1) };
}

/** The inverse of parseScopeText for one concrete scope: `global`, `session:abc`. */
export function formatScope(scope: ScopeRef): string {
  return scope.kind === 'global' ? 'global' : `${scope.kind}:${scope.id}`;
}

/**
 * Parses a scope as users write it on the command line and in the admin API: `global`,
 * `session:<id>`, `client:<address>`, `endpoint:<id>`; or a whole kind (`session` = every session).
 */
export function parseScopeText(text: string): { ok: true; scope: ScopeRef | { readonly kind: ScopeKind; readonly all: true } } | { ok: false; error: string } {
  if (text === 'global') return { ok: true, scope: { kind: 'global' } };
  const colon = text.indexOf(':');
  const kind = (colon < 0 ? text : text.slice(0, colon)) as ScopeKind;
  if (!SCOPE_KINDS.includes(kind)) {
    return { ok: false, error: `unknown scope "${text}": expected global, session[:<id>], client[:<address>] or endpoint[:<id>]` };
  }
  if (colon < 0) return { ok: true, scope: { kind, all: true } };
  const id = text.slice(colon + 1);
  if (id === '') return { ok: false, error: `scope "${text}" needs an id after ":"` };
  return { ok: true, scope: { kind, id } as ScopeRef };
}

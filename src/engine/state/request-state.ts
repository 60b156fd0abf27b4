import { AppError } from '../../errors/index.js';
import { currentState, type PlanWorkflow, type StateRef, type StateReader, type TemplateState, type UpFrontIncrement } from '../../plan/index.js';
import {
  scopeKindPrefix,
  sequenceCounterKey,
  variableKey,
  workflowStateKey,
  type JsonValue,
  type ScopeKind,
  type ScopeRef,
  type StateStore,
  type StateWrite,
} from '../../state/index.js';

/** Who is asking: what the session and client scopes resolve to for this request. */
export interface RequestIdentity {
  readonly clientAddress: string;
  readonly sessionId: string;
}

const SESSION_PREFIX = scopeKindPrefix('session');

/** Passes over the synchronous steps before giving up: each pass may discover keys to load. */
const MAX_PASSES = 5;

/**
 * The StateView of one request (DESIGN.md: "a per-request StateView loaded before render,
 * committed after"). Matchers and Handlebars helpers are synchronous and the store is not, so
 * synchronous steps run over what is loaded; a read of a key not loaded yet records it and answers
 * undefined, and `run` loads what was missed and runs the step again (keys with literal names are
 * loaded up front, so that is rare). Writes are buffered per pass and committed in one atomic batch.
 *
 * Increments and sequences must be unique under concurrency, so they cannot be computed from the
 * snapshot: the first pass records them, `run` reserves them with atomic increments in the store,
 * and the next pass hands out the reserved values. A reserved value whose request fails later is
 * a gap in the counter, as with database sequences.
 */
export class RequestState implements StateReader, TemplateState {
  private readonly loaded = new Map<string, JsonValue | undefined>();
  private readonly missing = new Set<string>();
  private readonly reserved = new Map<string, number[]>();
  private readonly writes = new Map<string, StateWrite>();
  private increments: StateWrite[] = [];
  private readonly incremented = new Map<string, number>();
  private readonly used = new Map<string, number>();
  private needed: { key: string; by: number }[] = [];
  private scope: ScopeKind = 'global';
  private owner = '';
  private ownWorkflow: PlanWorkflow | undefined;
  private workflows: readonly PlanWorkflow[] = [];

  /**
   * `sessionTtlMs` (`state.sessionTtl`): session-scope sets and increments without a ttl of their
   * own get it, so state of sessions no one uses any more expires (each write starts the time again).
   */
  constructor(
    private readonly identity: RequestIdentity,
    private readonly sessionTtlMs?: number,
  ) {}

  private expiring(write: StateWrite): StateWrite {
    return this.sessionTtlMs !== undefined && write.kind !== 'delete' && write.ttlMs === undefined && write.key.startsWith(SESSION_PREFIX)
      ? { ...write, ttlMs: this.sessionTtlMs }
      : write;
  }

  /**
   * The endpoint whose scope applies to keys that name none, and the workflows `workflowState` may
   * read: the endpoint's one with states (no id given) or any by id.
   */
  bind(scope: ScopeKind, owner: string, workflows?: { own: PlanWorkflow | undefined; all: readonly PlanWorkflow[] }): void {
    this.scope = scope;
    this.owner = owner;
    this.ownWorkflow = workflows?.own;
    this.workflows = workflows?.all ?? [];
  }

  scopeRef(kind: ScopeKind, owner: string): ScopeRef {
    switch (kind) {
      case 'global':
        return { kind };
      case 'session':
        return { kind, id: this.identity.sessionId };
      case 'client':
        return { kind, id: this.identity.clientAddress };
      case 'endpoint':
        return { kind, id: owner };
    }
  }

  keyOf(ref: StateRef): string {
    const scope = this.scopeRef(ref.scope, ref.owner);
    return ref.entry === 'var' ? variableKey(scope, ref.name) : workflowStateKey(scope, ref.name);
  }

  private variable(name: string, scope: string | undefined): string {
    return variableKey(this.scopeRef((scope as ScopeKind | undefined) ?? this.scope, this.owner), name);
  }

  private value(key: string): unknown {
    const written = this.writes.get(key);
    if (written !== undefined) return written.kind === 'set' ? written.value : undefined;
    const counted = this.incremented.get(key);
    if (counted !== undefined) return counted;
    if (this.loaded.has(key)) return this.loaded.get(key);
    this.missing.add(key);
    return undefined;
  }

  read(ref: StateRef): unknown {
    return this.value(this.keyOf(ref));
  }

  get(name: string, scope: string | undefined): unknown {
    return this.value(this.variable(name, scope));
  }

  set(name: string, value: unknown, scope: string | undefined, ttlMs?: number): void {
    const key = this.variable(name, scope);
    this.incremented.delete(key);
    // Setting nothing (an absent request field) removes the key, as JSON drops undefined.
    this.writes.set(
      key,
      value === undefined ? { kind: 'delete', key } : ttlMs === undefined ? { kind: 'set', key, value } : { kind: 'set', key, value, ttlMs },
    );
  }

  delete(name: string, scope: string | undefined): void {
    const key = this.variable(name, scope);
    this.incremented.delete(key);
    this.writes.set(key, { kind: 'delete', key });
  }

  inc(name: string, by: number, scope: string | undefined): number {
    return this.reserve(this.variable(name, scope), by);
  }

  sequence(name: string, start: number, scope: string | undefined): number {
    const key = sequenceCounterKey(this.scopeRef((scope as ScopeKind | undefined) ?? this.scope, this.owner), name);
    return start - 1 + this.reserve(key, 1);
  }

  workflowState(workflowId: string | undefined): string {
    const workflow = workflowId === undefined ? this.ownWorkflow : this.workflows.find((candidate) => candidate.id === workflowId);
    const machine = workflow?.machine;
    // The plan checks literal ids; one computed at render time can still miss.
    if (workflow === undefined || machine === undefined) {
      throw new TypeError(
        workflowId === undefined ? 'this endpoint is in no single workflow with states' : `no workflow with states has the id ${JSON.stringify(workflowId)}`,
      );
    }
    const stored = this.value(workflowStateKey(this.scopeRef(workflow.scope, this.owner), workflow.id));
    return currentState(stored, machine.initial, machine.states);
  }

  /** A declarative increment: atomic in the commit; its value is not needed by the response. */
  addIncrement(name: string, by: number): void {
    this.increments.push({ kind: 'increment', key: this.variable(name, undefined), by });
  }

  setKey(key: string, value: unknown): void {
    this.writes.set(key, { kind: 'set', key, value });
  }

  private reserve(key: string, by: number): number {
    const values = this.reserved.get(key);
    const next = this.used.get(key) ?? 0;
    if (values !== undefined && next < values.length) {
      this.used.set(key, next + 1);
      const value = values[next]!;
      this.writes.delete(key);
      this.incremented.set(key, value);
      return value;
    }
    this.needed.push({ key, by });
    return 0;
  }

  /** Loads the keys not loaded yet (one round trip). */
  async load(store: StateStore, keys: Iterable<string>): Promise<void> {
    const wanted = [...new Set(keys)].filter((key) => !this.loaded.has(key));
    if (wanted.length === 0) return;
    const found = await store.getMany(wanted);
    for (const key of wanted) this.loaded.set(key, found.get(key));
  }

  /**
   * Reserves, before the first render, the increments a template makes on every render (plan:
   * `upFrontIncrements`), so the common `{{state.inc "visits"}}` renders once instead of twice.
   */
  async reserveUpFront(store: StateStore, increments: readonly UpFrontIncrement[], owner: string): Promise<void> {
    if (increments.length === 0) return;
    const keys = increments.map(({ scope, entry, name }) => {
      const ref = this.scopeRef(scope, owner);
      return entry === 'seq' ? sequenceCounterKey(ref, name) : variableKey(ref, name);
    });
    const results = await store.apply(increments.map(({ by }, i) => this.expiring({ kind: 'increment', key: keys[i]!, by })));
    keys.forEach((key, i) => this.reserved.set(key, [...(this.reserved.get(key) ?? []), results[i] as number]));
  }

  /** Whether the last pass read keys that were not loaded (a lookup must then be redone). */
  get incomplete(): boolean {
    return this.missing.size > 0 || this.needed.length > 0;
  }

  /** Loads what the last pass missed and reserves the increments it asked for. */
  async fill(store: StateStore): Promise<void> {
    const missing = [...this.missing];
    const needed = this.needed;
    this.missing.clear();
    this.needed = [];
    await this.load(store, missing);
    if (needed.length === 0) return;
    const results = await store.apply(needed.map(({ key, by }) => this.expiring({ kind: 'increment', key, by })));
    needed.forEach(({ key }, i) => {
      const list = this.reserved.get(key) ?? [];
      list.push(results[i] as number);
      this.reserved.set(key, list);
    });
  }

  private beginPass(): void {
    this.writes.clear();
    this.increments = [];
    this.incremented.clear();
    this.used.clear();
    this.missing.clear();
    this.needed = [];
  }

  /**
   * Runs a synchronous step until it ran over complete state. A step that throws while state was
   * missing is run again (a helper may have choked on the placeholder); one that throws over
   * complete state fails.
   */
  async run<T>(store: StateStore, step: () => T): Promise<T> {
    for (let pass = 1; ; pass++) {
      this.beginPass();
      let result: T;
      try {
        result = step();
      } catch (error) {
        if (!this.incomplete || pass >= MAX_PASSES) throw error;
        await this.fill(store);
        continue;
      }
      if (!this.incomplete) return result;
      if (pass >= MAX_PASSES) {
        throw new AppError('STATE_STORE_FAILED', `state reads did not settle after ${MAX_PASSES} passes (keys computed from state that keeps changing?)`);
      }
      await this.fill(store);
    }
  }

  /** Commits the writes of the last pass, all or none; returns them (the journal lists them). */
  async commit(store: StateStore): Promise<readonly StateWrite[]> {
    const writes: StateWrite[] = [];
    for (const write of this.writes.values()) writes.push(this.expiring(write));
    for (const write of this.increments) writes.push(this.expiring(write));
    if (writes.length > 0) await store.apply(writes);
    return writes;
  }
}

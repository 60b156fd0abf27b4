import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { checkConfigShape, validateConfigObject, type ConfigIssue, type Result } from '../config/index.js';
import type { ApplyOutcome, ChangeInfo, ChangeSource, ConfigPort, ConfigRejection } from '../control/index.js';
import { AppError } from '../errors/index.js';
import type { Logger } from '../observe/index.js';
import type { Plan } from '../plan/index.js';
import { compileConfig, type PlanOptions } from './compile-config.js';
import type { AppliedChange, ConfigChange, ConfigListener } from './config-listener.js';
import { findFileReachChanges } from './find-file-reach-changes.js';
import { loadPlan } from './load-plan.js';
import { restartOnlyChanges } from './restart-only-changes.js';
import { servedConfigOf, type ServedConfig } from './served-config.js';

export interface ConfigLifecycleDeps {
  /** The config served at start and its Plan. */
  readonly initial: { readonly plan: Plan; readonly served: ServedConfig };
  /** The caller's overrides (seed, port, host, now) and the resolved data directory. */
  readonly options: PlanOptions;
  readonly engine: { readonly plan: Plan; swap(plan: Plan): void };
  /**
   * Opens what a Plan needs before it serves (the state store, seeded collections); an AppError it
   * throws refuses the change with that code.
   */
  readonly prepare: (plan: Plan) => Promise<void>;
  /** In order: see ConfigListener. */
  readonly listeners: readonly ConfigListener[];
  readonly logger: Logger;
}

export interface FileReloadOptions {
  /** Serve this file from now on (`m.reload('other.yaml')`); default: the file being served. */
  readonly file?: string;
  /**
   * false: the caller reports a rejection itself, through `reject` (the watcher does, once an
   * invalid edit has stayed as it is: a half-saved file is not one).
   */
  readonly reportRejection?: boolean;
}

/**
 * The one way a config is applied, whatever its source: the admin API (PUT/PATCH, endpoint and
 * workflow changes, import, restore), the file watcher, `POST /api/config/reload` and `m.reload()`.
 */
export interface ConfigLifecycle extends ConfigPort {
  served(): ServedConfig;
  reloadFromFile(change: ChangeInfo, options?: FileReloadOptions): Promise<ApplyOutcome | undefined>;
  /** Reports a rejection the caller held back (FileReloadOptions.reportRejection). */
  reject(change: ChangeInfo, rejection: ConfigRejection): void;
}

/** Sources whose changes are written back to the config file unless they say otherwise. */
const WRITTEN_BACK: ReadonlySet<ChangeSource> = new Set(['api', 'import', 'restore']);
/**
 * Sources that are API clients: they may not change which files are read (findFileReachChanges).
 * A restore brings back a version Mimicus recorded; `m.reload()` is code in this process.
 */
const FROM_OUTSIDE: ReadonlySet<ChangeSource> = new Set(['api', 'import']);

const UNCHANGED: ApplyOutcome = { ok: true, changed: false };

/** The refusal of a config with issues: CONFIG_CONFLICT when any is a conflict between valid parts. */
function invalidConfig(issues: readonly ConfigIssue[]): ConfigRejection {
  const count = `${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}`;
  return {
    code: issues.some((issue) => issue.code === 'conflict') ? 'CONFIG_CONFLICT' : 'CONFIG_INVALID',
    detail: `${count}: ${issues[0]?.message ?? ''}`,
    issues,
  };
}

/**
 * One lock for every change. `exclusive` may wrap a read-check-apply sequence; an apply inside it
 * runs at once (the async context says the lock is held), any other waits its turn.
 */
function createLock(): <T>(task: () => Promise<T>) => Promise<T> {
  const holder = new AsyncLocalStorage<{ held: boolean }>();
  let queue: Promise<unknown> = Promise.resolve();
  return (task) => {
    // Held only while the task runs: a timer it left behind does not inherit the lock.
    if (holder.getStore()?.held) return task();
    const token = { held: true };
    const run = queue.then(() => holder.run(token, task)).finally(() => (token.held = false));
    queue = run.catch(() => undefined);
    return run;
  };
}

export function createConfigLifecycle(deps: ConfigLifecycleDeps): ConfigLifecycle {
  const { listeners, logger } = deps;
  let served = deps.initial.served;
  const started = { config: served.config, plan: deps.initial.plan };
  const exclusive = createLock();

  const settle = (info: ChangeInfo, fallback: ChangeSource, fromFiles: boolean): ConfigChange => {
    const source = info.source ?? fallback;
    return {
      author: info.author,
      ...(info.message !== undefined ? { message: info.message } : {}),
      source,
      // A change read from the files is already in them.
      writeBack: !fromFiles && (info.writeBack ?? WRITTEN_BACK.has(source)),
    };
  };

  const report = (change: ConfigChange, rejection: ConfigRejection): ApplyOutcome => {
    for (const listener of listeners) {
      try {
        listener.onRejected?.(change, rejection);
      } catch (error) {
        logger.error({ err: error, listener: listener.name }, 'a config listener failed on a rejected change');
      }
    }
    return { ok: false, rejection };
  };

  /**
   * A config object (admin API, `m.reload(object)`, restore) compiles against the served config's
   * directories: an endpoint kept from an included file still finds its body files.
   */
  const compileObject = async (candidate: unknown, fromOutside: boolean): Promise<Result<{ plan: Plan; next: ServedConfig }, ConfigIssue[]>> => {
    // Before the clone, which recurses: a body nested thousands deep is refused, not a stack overflow.
    const shape = checkConfigShape(candidate);
    if (shape !== undefined) return { ok: false, error: [{ path: '', message: `refused: ${shape}` }] };
    // Validation may fill defaults in; the caller's object stays as it was sent.
    const validated = validateConfigObject(structuredClone(candidate));
    if (!validated.ok) return validated;
    const current = served;
    const config = validated.value;
    const reach = fromOutside ? findFileReachChanges(current.config, config) : [];
    if (reach.length > 0) return { ok: false, error: reach };
    const endpointBaseDirs = (config.endpoints ?? []).map((endpoint) => current.endpointDirs.get(endpoint.id) ?? current.baseDir);
    const plan = await compileConfig(config, { baseDir: current.baseDir, endpointBaseDirs }, deps.options, deps.engine.plan);
    if (!plan.ok) return plan;
    const endpointDirs = new Map((config.endpoints ?? []).map((endpoint, index) => [endpoint.id, endpointBaseDirs[index]!]));
    return { ok: true, value: { plan: plan.value, next: { ...current, config, endpointDirs } } };
  };

  /**
   * Prepare, commit, swap, then tell the listeners. Nothing before the swap changes what serves,
   * so a refusal at any step leaves the running config as it was; nothing after it can refuse.
   */
  const serve = async (change: ConfigChange, plan: Plan, next: ServedConfig, fromFiles: boolean): Promise<ApplyOutcome> => {
    const previous = served;
    const previousPlan = deps.engine.plan;
    // Files read again serve again even when the config is equal (a body file may have changed), so
    // their comparison waits until after the swap: it costs ~1-3 ms at 1,000 endpoints.
    if (!fromFiles && isDeepStrictEqual(previous.config, next.config)) return UNCHANGED;
    try {
      await deps.prepare(plan);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const detail = error.detail ?? error.message;
      return report(change, { code: error.code, detail, issues: [{ path: '', message: detail }] });
    }
    const warnings: string[] = [];
    for (const listener of listeners) {
      const committed = await listener.commit?.({ change, previous, next, plan, fromFiles });
      if (committed === undefined) continue;
      if ('code' in committed) return report(change, committed);
      warnings.push(committed.warning);
    }
    deps.engine.swap(plan);
    served = next;
    if (fromFiles) for (const listener of listeners) listener.onFilesLoaded?.(next);
    // The new plan serves from here; requests waiting on the event loop are answered before the
    // bookkeeping (version snapshot and diff: ~8 ms at 1,000 endpoints) runs.
    await new Promise((resolve) => setImmediate(resolve));
    if (fromFiles && isDeepStrictEqual(previous.config, next.config)) {
      logger.info({ source: change.source, author: change.author }, 'config read again and unchanged: no new version');
      return UNCHANGED;
    }
    const restartNeeded = restartOnlyChanges(started, { config: previous.config, plan: previousPlan }, { config: next.config, plan });
    let applied: AppliedChange = { change, previous, next, plan, fromFiles, restartNeeded, warnings };
    for (const listener of listeners) {
      if (!listener.onApplied) continue;
      try {
        const facts = await listener.onApplied(applied);
        if (facts?.version) applied = { ...applied, version: facts.version };
        if (facts?.warning !== undefined) applied = { ...applied, warnings: [...applied.warnings, facts.warning] };
      } catch (error) {
        // The change serves; a listener that failed (the history's database, say) must not undo it.
        logger.error({ err: error, listener: listener.name }, 'a config listener failed on an applied change; the change serves');
      }
    }
    return { ok: true, changed: true, ...(applied.version ? { version: applied.version } : {}), restartNeeded, warnings: applied.warnings };
  };

  return {
    served: () => served,
    current: () => served.config,
    exclusive,
    async validate(candidate) {
      const compiled = await compileObject(candidate, true);
      return compiled.ok ? [] : compiled.error;
    },
    apply: (candidate, info) =>
      exclusive(async () => {
        const change = settle(info, 'api', false);
        const compiled = await compileObject(candidate, FROM_OUTSIDE.has(change.source));
        if (!compiled.ok) return report(change, invalidConfig(compiled.error));
        return serve(change, compiled.value.plan, compiled.value.next, false);
      }),
    reloadFromFile: (info, options = {}) =>
      exclusive(async () => {
        const file = options.file !== undefined ? resolve(options.file) : served.file;
        if (file === undefined) return undefined;
        const change = settle({ ...info, message: info.message ?? 'reload from file' }, 'reload', true);
        const loaded = await loadPlan(file, deps.options, deps.engine.plan);
        if (!loaded.ok) {
          const rejection = invalidConfig(loaded.error);
          return options.reportRejection === false ? { ok: false, rejection } : report(change, rejection);
        }
        return serve(change, loaded.value.plan, servedConfigOf(loaded.value.loaded!), true);
      }),
    reject(info, rejection) {
      report(settle(info, 'reload', true), rejection);
    },
  };
}

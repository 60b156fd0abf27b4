import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkConfigShape, validateConfigObject, type Config, type ConfigIssue, type LoadedConfig, type Result } from '../config/index.js';
import type { ChangeInfo, ControlPort, ControlStatus, DryRunPort } from '../control/index.js';
import type { VersionStore } from '../control/index.js';
import type { ConfigAudit, Journal, Logger } from '../observe/index.js';
import { AppError } from '../errors/index.js';
import { compilePlan, type Plan } from '../plan/index.js';
import { parseScopeText, workflowStateKey, type StateStore } from '../state/index.js';
import { findFileReachChanges } from './find-file-reach-changes.js';
import { loadPlan, type LoadedPlan, type PlanOptions } from './load-plan.js';
import { planFileReader } from './plan-file-reader.js';
import type { StateAdmin } from './state-admin.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** The config being served and where its relative paths resolve. */
export interface ServedConfig {
  readonly config: Config;
  /** The main config file, when the config came from one. */
  readonly file?: string;
  /** Base of `bodyFile` paths: the main file's directory, or the working directory. */
  readonly baseDir: string;
  /** Per endpoint id, the directory of the file that declared it (included files differ). */
  readonly endpointDirs: ReadonlyMap<string, string>;
  /** Every file read for it (absolute), the main one first: what the watcher watches. */
  readonly files?: readonly string[];
  /** Per endpoint id, the file that declared it, when not the main file (API changes are written there). */
  readonly endpointFiles: ReadonlyMap<string, string>;
  /** Top-level keys set by an included file, with that file. */
  readonly keyFiles: ReadonlyMap<string, string>;
  /** When loaded from files: the hash of each file's text as read (an API change keeps the last load's). */
  readonly fileHashes?: ReadonlyMap<string, string>;
}

export function servedConfigOf(loaded: LoadedConfig): ServedConfig {
  const baseDir = loaded.file ? dirname(resolve(loaded.file)) : process.cwd();
  const endpointDirs = new Map<string, string>();
  const endpointFiles = new Map<string, string>();
  (loaded.config.endpoints ?? []).forEach((endpoint, index) => {
    const dir = loaded.endpointBaseDirs[index];
    if (dir !== undefined) endpointDirs.set(endpoint.id, dir);
    const file = loaded.endpointFiles?.[index];
    if (file !== undefined && file !== loaded.file) endpointFiles.set(endpoint.id, file);
  });
  const keyFiles = new Map(Object.entries(loaded.keyFiles ?? {}));
  return {
    config: loaded.config,
    ...(loaded.file ? { file: loaded.file } : {}),
    baseDir,
    endpointDirs,
    files: loaded.files,
    endpointFiles,
    keyFiles,
    ...(loaded.fileHashes ? { fileHashes: loaded.fileHashes } : {}),
  };
}

export interface ControlPortDeps {
  readonly options: PlanOptions;
  readonly logger: Logger;
  readonly startedAt: Date;
  readonly dataDir: string | false;
  /** The data plane's URL once it listens (the console shows it). */
  readonly dataPlaneUrl?: () => string | undefined;
  readonly state: StateAdmin;
  /** The engine's own state store, for what StateAdmin does not offer (setting a workflow's state). */
  readonly store: () => Promise<StateStore>;
  readonly served: () => ServedConfig;
  readonly plan: () => Plan;
  /** Seeds collections, swaps the Plan and records the config; resolves once it serves. */
  readonly serve: (plan: Plan, served: ServedConfig) => Promise<void>;
  /** Records every applied config as a version. */
  readonly versions: VersionStore;
  readonly journal: Journal;
  readonly dryRun: DryRunPort;
  /** One audit line per applied or rejected change. */
  readonly audit: ConfigAudit;
  /**
   * Asked before an API change is applied: a reason to refuse it (the config file holds edits
   * Mimicus has not loaded, which writing the change back would destroy), or undefined.
   */
  readonly beforeApply?: () => Promise<string | undefined>;
  /**
   * Called once a change serves (source `api` or `file`), e.g. to write an API change back to the
   * config file. A reason it returns is a failure the API answer must carry (CONFIG_FILE_CHANGED).
   */
  readonly afterApply?: (previous: ServedConfig, next: ServedConfig, source: 'api' | 'file') => Promise<string | undefined>;
}

/**
 * The admin API's view of a running Mimicus. A config sent through the API is a plain object, so
 * it compiles against the served config's directories: an endpoint kept from an included file
 * still finds its body files.
 */
export function createControlPort(deps: ControlPortDeps): ControlPort {
  let queue: Promise<unknown> = Promise.resolve();
  /**
   * `fromOutside`: the config came from an API client (PUT, endpoint edits, import), not from
   * Mimicus's own version history (restore) or code in this process (`m.reload(object)`), so it may
   * not change which files are read (findFileReachChanges).
   */
  const compile = async (candidate: unknown, fromOutside: boolean): Promise<Result<{ plan: Plan; served: ServedConfig }, ConfigIssue[]>> => {
    // Before the clone, which recurses: a body nested thousands deep is refused, not a stack overflow.
    const shape = checkConfigShape(candidate);
    if (shape !== undefined) return { ok: false, error: [{ path: '', message: `refused: ${shape}` }] };
    // Validation may fill defaults in; the caller's object stays as it was sent.
    const validated = validateConfigObject(structuredClone(candidate));
    if (!validated.ok) return validated;
    const current = deps.served();
    const config = validated.value;
    const reach = fromOutside ? findFileReachChanges(current.config, config) : [];
    if (reach.length > 0) return { ok: false, error: reach };
    const endpointBaseDirs = (config.endpoints ?? []).map((endpoint) => current.endpointDirs.get(endpoint.id) ?? current.baseDir);
    const { options } = deps;
    const plan = await compilePlan(
      { config, baseDir: current.baseDir, endpointBaseDirs },
      {
        readFile: planFileReader(config, current.baseDir, deps.dataDir),
        now: options.now ?? Date.now,
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.port !== undefined ? { port: options.port } : {}),
        ...(options.host !== undefined ? { host: options.host } : {}),
        previous: deps.plan(),
      },
    );
    if (!plan.ok) return plan;
    const endpointDirs = new Map((config.endpoints ?? []).map((endpoint, index) => [endpoint.id, endpointBaseDirs[index]!]));
    const served: ServedConfig = { ...current, config, endpointDirs };
    return { ok: true, value: { plan: plan.value, served } };
  };

  const applied = async (plan: Plan, served: ServedConfig, change: ChangeInfo, source: 'api' | 'file') => {
    const previous = deps.served();
    await deps.serve(plan, served);
    // The new plan serves from here; requests waiting on the event loop are answered before the
    // bookkeeping (write-back, version snapshot and diff: ~8 ms at 1,000 endpoints) runs.
    await new Promise((resolve) => setImmediate(resolve));
    const unwritten = await deps.afterApply?.(previous, served, source);
    const message = change.message ?? (source === 'file' ? 'reload from file' : undefined);
    const version = await deps.versions.record(served.config, { author: change.author, ...(message !== undefined ? { message } : {}) });
    deps.audit.applied({ author: change.author, source: change.source ?? (source === 'file' ? 'reload' : 'api'), version: version.id, summary: version.summary, message, planId: plan.id });
    // Serving and recorded, yet the caller must hear that the file was left as it was.
    if (unwritten !== undefined) throw new AppError('CONFIG_FILE_CHANGED', unwritten);
  };

  return {
    config: () => deps.served().config,
    versions: deps.versions,
    async validate(candidate) {
      const compiled = await compile(candidate, true);
      return compiled.ok ? [] : compiled.error;
    },
    async apply(candidate, change) {
      const refusal = await deps.beforeApply?.();
      if (refusal !== undefined) {
        deps.audit.rejected({ author: change.author, source: change.source ?? 'api', issues: [{ path: '', message: refusal }] });
        throw new AppError('CONFIG_FILE_CHANGED', refusal);
      }
      const compiled = await compile(candidate, change.source !== 'restore' && change.source !== 'programmatic');
      if (!compiled.ok) {
        deps.audit.rejected({ author: change.author, source: change.source ?? 'api', issues: compiled.error });
        return { ok: false, issues: compiled.error };
      }
      await applied(compiled.value.plan, compiled.value.served, change, 'api');
      return { ok: true };
    },
    async reloadFromFile(change) {
      const file = deps.served().file;
      if (file === undefined) return undefined;
      const loaded: Result<LoadedPlan, ConfigIssue[]> = await loadPlan(file, deps.options, deps.plan());
      if (!loaded.ok) {
        // The watcher audits a rejected edit once it has settled (a half-saved file is not one).
        if (change.source !== 'file') deps.audit.rejected({ author: change.author, source: change.source ?? 'reload', issues: loaded.error });
        return { ok: false, issues: loaded.error };
      }
      await applied(loaded.value.plan, servedConfigOf(loaded.value.loaded!), change, 'file');
      return { ok: true };
    },
    exclusive(task) {
      const run = queue.then(task, task);
      queue = run.catch(() => undefined);
      return run;
    },
    status(): ControlStatus {
      const plan = deps.plan();
      const file = deps.served().file;
      return {
        version,
        startedAt: deps.startedAt,
        planId: plan.id,
        endpoints: plan.endpoints.length,
        workflows: plan.workflows.length,
        dataDir: deps.dataDir,
        ...(deps.dataPlaneUrl?.() ? { dataPlaneUrl: deps.dataPlaneUrl()! } : {}),
        ...(file ? { configFile: file } : {}),
        activeWindows: deps.dryRun.activeWindows(),
      };
    },
    journal: deps.journal,
    dryRun: deps.dryRun,
    state: {
      ...deps.state,
      async setWorkflow(workflowId, scopeText, stateName) {
        const workflow = deps.plan().workflows.find((candidate) => candidate.id === workflowId);
        if (!workflow) throw new AppError('WORKFLOW_NOT_FOUND', `no workflow "${workflowId}"`);
        const states = workflow.machine?.states ?? [];
        if (!states.includes(stateName)) {
          const known = states.length > 0 ? `its states are ${states.map((name) => `"${name}"`).join(', ')}` : 'it has no states';
          throw new AppError('WORKFLOW_STATE_INVALID', `workflow "${workflowId}" has no state "${stateName}": ${known}`);
        }
        const scope = parseScopeText(scopeText);
        if (!scope.ok) throw new AppError('STATE_SCOPE_INVALID', scope.error);
        if ('all' in scope.scope) throw new AppError('STATE_SCOPE_INVALID', `scope "${scopeText}" names every ${scopeText}: give one, e.g. "${scopeText}:<id>"`);
        await (await deps.store()).set(workflowStateKey(scope.scope, workflowId), stateName);
      },
    },
  };
}

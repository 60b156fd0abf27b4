import { dirname, join, resolve } from 'node:path';
import { systemClock, type Clock } from '../clock/index.js';
import { formatIssue, type ConfigIssue } from '../config/index.js';
import { AdminKeysRequiredError, isLoopback, startAdminServer, type AdminServer } from '../control/index.js';
import { createVersionStore } from '../control/index.js';
import { createEventBus, publishConfigChanges, publishControlEvents, publishRequests, publishStateWrites, type EventStreamOptions } from '../control/index.js';
import { createEngine, createScheduleClock, seedCollection, type Engine } from '../engine/index.js';
import { createConfigAudit, createLogger, createMetrics, journalOptions, logAccess, openJournal, type Journal, type Logger, type LogLevel, type OpenJournal } from '../observe/index.js';
import type { Plan } from '../plan/index.js';
import { createForwarder, UpstreamRegistry } from '../upstream/index.js';
import { crudCollectionPrefix, type StateStore } from '../state/index.js';
import { ConfigInvalidError } from './config-invalid-error.js';
import { createControlPort, servedConfigOf, type ServedConfig } from './control-port.js';
import { countAppliedChanges, countRejectedChanges } from './count-config-changes.js';
import { createDryRun } from './create-dry-run.js';
import { openTracing } from './open-tracing.js';
import { restartOnlyChanges } from './restart-only-changes.js';
import { loadPlan, type ConfigInput, type PlanOptions } from './load-plan.js';
import { createStateAdmin, type StateAdmin } from './state-admin.js';
import { createStateStoreHolder, type StateStoreHolder } from './state-store-holder.js';
import { watchConfig, type ConfigWatcher } from './watch-config.js';
import { describeChangedFiles, findChangedFiles, writeBack, type KnownHashes } from './write-back.js';

/** Loads each CRUD collection's seed into it when it is empty (a restart keeps what was written). */
/**
 * Opens the state store when the plan needs it, so an unusable data directory (a file that is not a
 * database, no permission) is reported when the config is applied rather than by its first
 * request; then seeds the global collections.
 */
async function prepareState(plan: Plan, state: StateStoreHolder): Promise<void> {
  if (plan.matchesOnState || plan.endpoints.some((endpoint) => endpoint.usesState)) await state.get();
  for (const endpoint of plan.endpoints) {
    // Collections per session (client, endpoint) are seeded when first used, by the engine.
    if (endpoint.responder.type !== 'crud' || endpoint.responder.spec.seed.length === 0 || endpoint.responder.spec.scope !== 'global') continue;
    const spec = endpoint.responder.spec;
    await seedCollection(spec, await state.get(), crudCollectionPrefix({ kind: 'global' }, spec.collection));
  }
}

const NO_JOURNAL: Journal = {
  list: () => Promise.resolve({ entries: [] }),
  get: () => Promise.resolve(undefined),
  clear: () => Promise.resolve(),
  count: () => Promise.resolve(0),
  dropped: 0,
};

async function openJournalFor(config: Parameters<typeof journalOptions>[0], dataDir: string | false, logger: Logger, clock: Clock): Promise<OpenJournal | undefined> {
  const options = journalOptions(config, dataDir);
  return options ? openJournal({ ...options, clock, onError: (error) => logger.error({ err: error }, 'journal batch could not be written') }) : undefined;
}

export interface MimicusOptions extends PlanOptions {
  /** A logger of your own; otherwise one is made at `logLevel` (default 'silent' for the programmatic API). */
  readonly logger?: Logger;
  readonly logLevel?: LogLevel;
  /** Start the schedule clock at this instant (overrides `server.clock.start`), e.g. to test a window boundary. */
  readonly clockStart?: Date;
  /**
   * Where time comes from: latency waits, rate-limit refills, schedules, journal times and
   * retention, state TTLs, templates' `now` (unless `now` is given). The system clock unless a
   * test hands in a ManualClock it moves by hand.
   */
  readonly clock?: Clock;
  /**
   * Where state (CRUD collections) is kept: a directory for SQLite (default `.mimicus/` next to the
   * config file, or in the working directory for a config object), or false for memory only.
   */
  readonly dataDir?: string | false;
  /**
   * The admin API (control plane). Off unless asked for: with `{ port?, host? }` (defaults from the
   * config's `admin:` block, then 127.0.0.1:8081) `listen()` starts it too, unless the config says
   * `admin.enabled: false`; `listenAdmin()` starts it in any case, and `false` forbids it. Beyond
   * loopback it needs `admin.apiKeys` in the config, else createMimicus rejects with ADMIN_KEYS_REQUIRED.
   */
  readonly admin?: false | AdminListenOptions;
  /**
   * Watch the config file and its includes and apply outside edits (default false here; `mimicus
   * serve` watches unless `--no-watch`). Changes made through the admin API are written back to the
   * file either way.
   */
  readonly watch?: boolean;
  /** How long finished spans wait before a batch is exported (default 5000 ms); `close()` exports the rest. */
  readonly tracingDelayMs?: number;
}

export interface AdminListenOptions {
  readonly port?: number;
  readonly host?: string;
  /** `GET /api/events` tuning: metrics interval, request sampling, the slow-client bound. */
  readonly events?: EventStreamOptions;
}

export interface Mimicus {
  /** Starts serving; without arguments uses `server.port`/`server.host` (port 0 picks a free port). */
  listen(port?: number, host?: string): Promise<void>;
  /** `http://host:port` once listening. */
  readonly url: string;
  readonly port: number;
  /** The Plan being served. */
  readonly plan: Plan;
  /** Replaces the served config; on invalid input throws ConfigInvalidError and keeps serving the old one. */
  reload(input: ConfigInput): Promise<void>;
  /** Reads and changes the state being served (variables, counters, CRUD items, workflow states). */
  readonly state: StateAdmin;
  /** The request journal (what was asked and answered); empty and recording nothing with `journal: false`. */
  readonly journal: Journal;
  /**
   * Starts the admin API on its own listener (arguments, then `options.admin`, then the config's
   * `admin:` block, then 127.0.0.1:8081; port 0 picks a free port).
   */
  listenAdmin(port?: number, host?: string): Promise<void>;
  /** `http://host:port` of the admin API once it listens. */
  readonly adminUrl: string;
  /** Whether the admin API listens. */
  readonly adminListening: boolean;
  /** Graceful shutdown: in-flight requests finish (within server.shutdownTimeout). */
  close(): Promise<void>;
}

/**
 * The programmatic API: `const m = await createMimicus('mocks.yaml'); await m.listen(0); m.url`.
 * Throws ConfigInvalidError (code CONFIG_INVALID) listing every problem when the config is invalid.
 */
export async function createMimicus(input: ConfigInput, given: MimicusOptions = {}): Promise<Mimicus> {
  const clock = given.clock ?? systemClock;
  // Templates' `now` reads the same clock as everything else, unless a fixed one is given.
  const options: MimicusOptions = given.clock && !given.now ? { ...given, now: () => clock.epochMs() } : given;
  const logger = options.logger ?? createLogger({ level: options.logLevel ?? 'silent' });
  const initial = await loadPlan(input, options);
  if (!initial.ok) throw new ConfigInvalidError(initial.error);
  let served: ServedConfig = servedConfigOf(initial.value.loaded!);
  const adminAddress = (port?: number, host?: string) => {
    const fromOptions = options.admin || {};
    const fromConfig = served.config.admin ?? {};
    return { port: port ?? fromOptions.port ?? fromConfig.port ?? 8081, host: host ?? fromOptions.host ?? fromConfig.host ?? '127.0.0.1' };
  };
  const refuseOpenAdmin = (host: string) => {
    if (!isLoopback(host) && (served.config.admin?.apiKeys ?? []).length === 0) throw new AdminKeysRequiredError(host);
  };
  // Refuse before opening anything: a server that would expose an unprotected admin API never starts.
  const adminWanted = Boolean(options.admin) && served.config.admin?.enabled !== false;
  if (adminWanted) refuseOpenAdmin(adminAddress().host);
  const plan = initial.value.plan;
  const configDir = initial.value.loaded?.file ? dirname(initial.value.loaded.file) : process.cwd();
  const dataDir = options.dataDir ?? join(configDir, '.mimicus');
  const state = createStateStoreHolder(dataDir, clock);
  await prepareState(plan, state);
  // Admin events (`GET /api/events`): config changes, state writes, completed requests, warnings.
  const events = createEventBus();
  // Metrics and CPU warnings (`observability`), read once at start like the journal.
  const metrics = createMetrics(served.config.observability, {
    logger,
    onCpuWarning: (change, message) =>
      events.publish({
        type: 'warning',
        data: { message, code: 'CPU_SATURATED', threshold: change.thresholdPercent, cpuPercent: change.cpuPercent, elu: change.elu, state: change.state },
      }),
  });
  // Built once from the first config: a reload keeps the same journal (and its entries).
  const journal = await openJournalFor(initial.value.loaded?.config.journal, dataDir, logger, clock);
  if (journal) metrics.countJournalDrops(() => journal.dropped);
  const clockStartMs = options.clockStart?.getTime() ?? plan.server.clockStartMs;
  const scheduleClock = createScheduleClock(clockStartMs, clock);
  let dataPlaneStore: { inner: StateStore; published: StateStore } | undefined;
  // Built once from the first config, like the journal: a change to `observability.tracing` applies at restart.
  const tracingConfig = initial.value.loaded?.config.observability?.tracing;
  const tracing = tracingConfig ? await openTracing(tracingConfig, options.tracingDelayMs, logger) : undefined;
  const published = publishRequests(journal, events);
  // Upstream pools, balancers and health outlive Plans: each new Plan is reconciled in, never rebuilt.
  const upstreams = new UpstreamRegistry({ clock, seed: plan.seed });
  upstreams.reconcile(plan);
  const engine: Engine = createEngine({
    forwarder: createForwarder(upstreams, clock),
    plan,
    logger,
    clock,
    scheduleClock,
    stateStore: async () => {
      // What requests write is published as `state.changed` (the admin API's writes publish their own).
      const inner = await state.get();
      if (dataPlaneStore?.inner !== inner) dataPlaneStore = { inner, published: publishStateWrites(inner, events) };
      return dataPlaneStore.published;
    },
    journal: metrics.recorder(initial.value.loaded?.config.observability?.accessLog === true ? logAccess(published, logger) : published),
    ...(metrics.connections ? { connections: metrics.connections } : {}),
    ...(tracing ? { tracer: tracing } : {}),
  });
  const stateAdmin = createStateAdmin(() => state.get());
  // Opened on first use; the config served now becomes version 1 unless the history already ends with it.
  const versions = countAppliedChanges(
    publishConfigChanges(
      createVersionStore({ file: dataDir === false ? ':memory:' : join(dataDir, 'control.sqlite'), startup: { config: served.config, at: new Date() } }),
      events,
      served.config,
    ),
    metrics,
  );
  const audit = createConfigAudit(logger);
  let bound: { port: number; host: string } | undefined;
  let admin: AdminServer | undefined;

  /** Every config change ends here: seed new collections, then swap, so the change serves at once. */
  const serve = async (next: Plan, nextServed: ServedConfig) => {
    await prepareState(next, state);
    upstreams.reconcile(next);
    engine.swap(next);
    const restartOnly = restartOnlyChanges(served.config, nextServed.config);
    if (restartOnly.length > 0) logger.warn({ settings: restartOnly }, `${restartOnly.join(' and ')} changed: it applies at the next start; the running server keeps the settings it started with`);
    served = nextServed;
  };
  const controlPort = createControlPort({
    options,
    logger,
    startedAt: new Date(),
    dataDir,
    state: stateAdmin,
    store: () => state.get(),
    served: () => served,
    plan: () => engine.plan,
    serve,
    versions,
    audit,
    journal: journal ?? NO_JOURNAL,
    dryRun: createDryRun({ plan: () => engine.plan, served: () => served, scheduleNow: () => scheduleClock.now(), options }),
    beforeApply: async () => {
      if (served.file === undefined) return undefined;
      const changed = await findChangedFiles(served.files ?? [served.file], fileHashes.basis);
      if (changed.length === 0) return undefined;
      const reason = `the change was not applied: ${describeChangedFiles(changed)}`;
      logger.warn({ files: changed }, reason);
      events.publish({ type: 'warning', data: { code: 'CONFIG_FILE_CHANGED', message: reason } });
      return reason;
    },
    afterApply: async (previous, next, source) => {
      if (source === 'file') {
        adoptFileHashes(next.fileHashes);
        watcher?.update(next.files ?? []);
        return undefined;
      }
      if (next.file === undefined) return undefined;
      // The change already serves; a file that cannot be written must not undo it, so this only logs.
      try {
        const outcome = await writeBack({ file: next.file, endpointFiles: next.endpointFiles, keyFiles: next.keyFiles }, previous.config, next.config, fileHashes);
        if (outcome.kind === 'changed-on-disk') {
          // Edited while this change was being applied: the file wins, and the watcher loads it next.
          const reason = `the change serves, but was not written back: ${describeChangedFiles(outcome.files)}`;
          logger.warn({ files: outcome.files }, reason);
          events.publish({ type: 'warning', data: { code: 'CONFIG_FILE_CHANGED', message: reason } });
          return reason;
        }
        if (outcome.kind === 'refused') {
          logger.warn({ file: next.file }, `config change not written back: ${outcome.reason}`);
          events.publish({ type: 'warning', data: { code: 'WRITE_BACK_REFUSED', message: `config change serves but was not written back: ${outcome.reason}` } });
        }
      } catch (error) {
        logger.error({ err: error, file: next.file }, 'config change could not be written back to the file; it serves from memory');
        const reason = error instanceof Error ? error.message : String(error);
        events.publish({ type: 'warning', data: { code: 'WRITE_BACK_FAILED', message: `config change serves from memory only: writing ${next.file} failed (${reason})` } });
      }
      return undefined;
    },
  });
  /**
   * Per config file: `seen`, the content the watcher has already handled (applied or rejected), and
   * `basis`, the content the served config was loaded from or last written as. Write-back needs the
   * file to still be its basis; a rejected edit is seen but never becomes the basis.
   */
  const fileHashes = { seen: new Map() as KnownHashes, basis: new Map() as KnownHashes };
  const adoptFileHashes = (hashes: ReadonlyMap<string, string> | undefined) => {
    for (const [file, hash] of hashes ?? []) {
      fileHashes.seen.set(file, hash);
      fileHashes.basis.set(file, hash);
    }
  };
  adoptFileHashes(served.fileHashes);
  // The watcher reloads through the unwrapped port, so its rejections are published here.
  const rejected = (issues: readonly ConfigIssue[]) => {
    events.publish({ type: 'config.rejected', data: { source: 'file', author: 'file', issues } });
    metrics.configChange('rejected');
    audit.rejected({ author: 'file', source: 'file', issues });
    logger.warn({ issues: issues.length }, `config file change rejected; the running config keeps serving:\n${issues.map((issue) => `  ${formatIssue(issue)}`).join('\n')}`);
  };
  const watcher: ConfigWatcher | undefined =
    options.watch && served.file !== undefined
      ? watchConfig(served.files ?? [served.file], {
          known: fileHashes.seen,
          reload: () =>
            controlPort.exclusive(async () => {
              const outcome = await controlPort.reloadFromFile({ author: 'file', message: 'file changed', source: 'file' });
              return outcome && !outcome.ok ? outcome.issues : undefined;
            }),
          onRejected: rejected,
          onError: (error) => logger.error({ err: error }, 'config watcher failed'),
        })
      : undefined;

  /**
   * `m.reload()`: the served file again goes through the watcher's path; another file becomes the
   * served one (and the watched one); a config object is applied as an API change is, so it is
   * written back to the config file when there is one.
   */
  const reloadProgrammatically = async (next: ConfigInput) => {
    const change = { author: 'programmatic', message: 'reload()', source: 'programmatic' } as const;
    if (typeof next !== 'string' || resolve(next) === served.file) {
      const outcome = typeof next === 'string' ? await controlPort.reloadFromFile(change) : await controlPort.apply(next, change);
      if (outcome && !outcome.ok) {
        metrics.configChange('rejected');
        throw new ConfigInvalidError([...outcome.issues]);
      }
      return;
    }
    const loaded = await loadPlan(next, options, engine.plan);
    if (!loaded.ok) {
      metrics.configChange('rejected');
      audit.rejected({ author: change.author, source: change.source, issues: loaded.error });
      throw new ConfigInvalidError(loaded.error);
    }
    const nextServed = servedConfigOf(loaded.value.loaded!);
    await serve(loaded.value.plan, nextServed);
    adoptFileHashes(nextServed.fileHashes);
    watcher?.update(nextServed.files ?? []);
    const version = await versions.record(nextServed.config, { author: change.author, message: change.message });
    audit.applied({ author: change.author, source: change.source, version: version.id, summary: version.summary, message: change.message, planId: loaded.value.plan.id });
  };

  const listenAdmin = async (port?: number, host?: string) => {
    if (options.admin === false) throw new Error('the admin API is turned off (options.admin is false)');
    if (admin) throw new Error(`the admin API already listens on ${admin.url}`);
    const address = adminAddress(port, host);
    refuseOpenAdmin(address.host);
    const apiKeys = served.config.admin?.apiKeys ?? [];
    admin = await startAdminServer(publishControlEvents(countRejectedChanges(controlPort, metrics), events), {
      ...address,
      apiKeys,
      ...(dataDir !== false ? { keysFile: join(dataDir, 'control.sqlite') } : {}),
      logger: logger.child({ plane: 'admin' }),
      events,
      ...(options.admin && options.admin.events ? { eventStream: options.admin.events } : {}),
      ...(metrics.port ? { metrics: metrics.port } : {}),
      ...(served.config.admin ? { config: served.config.admin } : {}),
    });
  };

  return {
    async listen(port, host) {
      const settings = engine.plan.server;
      bound = await engine.listen(port ?? settings.port, host ?? settings.host);
      if (adminWanted && !admin) await listenAdmin();
    },
    get url() {
      if (!bound) throw new Error('Mimicus is not listening yet: call listen() first');
      const host = bound.host.includes(':') ? `[${bound.host}]` : bound.host;
      return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${bound.port}`;
    },
    get port() {
      if (!bound) throw new Error('Mimicus is not listening yet: call listen() first');
      return bound.port;
    },
    get plan() {
      return engine.plan;
    },
    reload: (next) => controlPort.exclusive(() => reloadProgrammatically(next)),
    state: stateAdmin,
    journal: journal ?? NO_JOURNAL,
    listenAdmin,
    get adminListening() {
      return admin !== undefined;
    },
    get adminUrl() {
      if (!admin) throw new Error('the admin API is not listening: call listenAdmin() first');
      return admin.url;
    },
    async close() {
      watcher?.close();
      metrics.close();
      await admin?.close();
      await engine.close();
      await upstreams.close();
      // Every request has ended its span by now: export what is buffered before stopping.
      await tracing?.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'traces could not be exported at shutdown'));
      await journal?.close();
      await state.close();
      await versions.close();
    },
  };
}

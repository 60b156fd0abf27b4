import { dirname, join } from 'node:path';
import { systemClock, type Clock } from '../clock/index.js';
import { AdminKeysRequiredError, isLoopback, startAdminServer, type AdminServer } from '../control/index.js';
import { createEventBus, publishRequests, publishStateChanges, publishStateWrites, type EventStreamOptions } from '../control/index.js';
import { openCluster, startClusterViews, startInstanceRegistry, type ConfigSync } from '../cluster/index.js';
import { createEngine, createScheduleClock, seedCollection, type Engine } from '../engine/index.js';
import { createConfigAudit, createLogger, createMetrics, logAccess, type Journal, type Logger, type LogLevel } from '../observe/index.js';
import { previewImport } from '../import/index.js';
import type { Plan } from '../plan/index.js';
import { createForwarder, UpstreamRegistry } from '../upstream/index.js';
import { crudCollectionPrefix, type StateStore } from '../state/index.js';
import { ConfigInvalidError, rejectionError } from './config-invalid-error.js';
import { PRIMARY_ONLY_LISTENERS, type ClusterHooks } from './cluster-hooks.js';
import { createConfigFileHashes } from './config-file-hashes.js';
import { createConfigLifecycle, type ConfigLifecycle } from './config-lifecycle.js';
import { createDryRun } from './create-dry-run.js';
import { createEndpointTester } from './endpoint-tester.js';
import { clusterListener, configListeners } from './listeners/index.js';
import { followClusterConfig } from './follow-cluster-config.js';
import { openTracing } from './open-tracing.js';
import { loadPlan, type ConfigInput, type PlanOptions } from './load-plan.js';
import { findFreePort } from './find-free-port.js';
import { openApiKeyStore, openJournalFor, openRateLimitStore, openVersionStore, redisSettings } from './open-stores.js';
import { servedConfigOf } from './served-config.js';
import { createStateAdmin, type StateAdmin } from './state-admin.js';
import { createStatePort } from './state-port.js';
import { createStatusPort } from './status-port.js';
import { createStateStoreHolder, type StateStoreHolder } from './state-store-holder.js';
import { watchConfig, type ConfigWatcher } from './watch-config.js';

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
   * file either way; `reload(config)` only when asked (ReloadOptions.writeBack).
   */
  readonly watch?: boolean;
  /** How long finished spans wait before a batch is exported (default 5000 ms); `close()` exports the rest. */
  readonly tracingDelayMs?: number;
  /**
   * Write admin API changes back to the config file (default true). `npm start` turns it off so
   * trying the quickstart never rewrites the tracked example: changes then serve from memory and
   * are kept as versions.
   */
  readonly writeBack?: boolean;
  /** Set by `mimicus serve --workers N` (src/workers): this process's part in the cluster. */
  readonly cluster?: ClusterHooks;
}

export interface AdminListenOptions {
  readonly port?: number;
  readonly host?: string;
  /** `GET /api/events` tuning: metrics interval, request sampling, the slow-client bound. */
  readonly events?: EventStreamOptions;
}

export interface ReloadOptions {
  /**
   * Write a config object back to the config file this Mimicus serves (default false: the file
   * stays as the user wrote it, and admin API changes are not written back either until the file
   * is loaded again). Refused with CONFIG_FILE_CHANGED when the file holds an edit not loaded yet.
   */
  readonly writeBack?: boolean;
}

export interface ReloadResult {
  /** false when the config equals the one served: no version was recorded. */
  readonly changed: boolean;
  /** The version the change was recorded as. */
  readonly version?: number;
  /** Settings read once at start that the change sets (`server.port`, …): they apply at the next start. */
  readonly restartNeeded: readonly string[];
  /** What went wrong after it served (e.g. not written back to the file). */
  readonly warnings: readonly string[];
}

export interface Mimicus {
  /** Starts serving; without arguments uses `server.port`/`server.host` (port 0 picks a free port). */
  listen(port?: number, host?: string): Promise<void>;
  /** `http://host:port` once listening. */
  readonly url: string;
  readonly port: number;
  /** The Plan being served. */
  readonly plan: Plan;
  /**
   * Replaces the served config with a file (which is then the one served, watched and written
   * back to) or a config object, through the same lifecycle as every other change: a version, a
   * `config.applied` event, the audit line. An object is not written to the config file unless
   * `writeBack: true`. On an invalid config throws ConfigInvalidError and keeps serving the old one.
   */
  reload(input: ConfigInput, options?: ReloadOptions): Promise<ReloadResult>;
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
  const startServed = servedConfigOf(initial.value.loaded!);
  const startConfig = startServed.config;
  const adminAddress = (port?: number, host?: string, unsetPort = 8081) => {
    const fromOptions = options.admin || {};
    const fromConfig = startConfig.admin ?? {};
    return { port: port ?? fromOptions.port ?? fromConfig.port ?? unsetPort, host: host ?? fromOptions.host ?? fromConfig.host ?? '127.0.0.1' };
  };
  const refuseOpenAdmin = (host: string) => {
    if (!isLoopback(host) && (startConfig.admin?.apiKeys ?? []).length === 0) throw new AdminKeysRequiredError(host);
  };
  // Refuse before opening anything: a server that would expose an unprotected admin API never starts.
  const adminWanted = Boolean(options.admin) && startConfig.admin?.enabled !== false;
  if (adminWanted) refuseOpenAdmin(adminAddress().host);
  const plan = initial.value.plan;
  const configDir = initial.value.loaded?.file ? dirname(initial.value.loaded.file) : process.cwd();
  const dataDir = options.dataDir ?? join(configDir, '.mimicus');
  // Admin events (`GET /api/events`): config changes, state writes, completed requests, warnings.
  const events = createEventBus();
  const redis = redisSettings(startConfig.state);
  const cluster = redis ? await openCluster({ ...redis, clock, logger, onRedisChange: (_up, warning) => events.publish(warning) }) : undefined;
  const state = createStateStoreHolder(dataDir, clock, redis);
  await prepareState(plan, state);
  options.cluster?.events?.(events);
  // Metrics and CPU warnings (`observability`), read once at start like the journal.
  const metrics = createMetrics(startConfig.observability, {
    logger,
    onCpuWarning: (change, message) =>
      events.publish({
        type: 'warning',
        data: { message, code: 'CPU_SATURATED', threshold: change.thresholdPercent, cpuPercent: change.cpuPercent, elu: change.elu, state: change.state },
      }),
  });
  // Built once from the first config: a reload keeps the same journal (and its entries).
  const journal = await openJournalFor(startConfig.journal, dataDir, logger, clock, options.cluster?.journalFile);
  if (journal) metrics.countJournalDrops(() => journal.dropped);
  if (cluster) metrics.watchRedis(() => ({ up: cluster.health.isUp(), fallbacks: cluster.health.fallbacks }));
  const clockStartMs = options.clockStart?.getTime() ?? plan.server.clockStartMs;
  const scheduleClock = createScheduleClock(clockStartMs, clock);
  let dataPlaneStore: { inner: StateStore; published: StateStore } | undefined;
  // Built once from the first config, like the journal: a change to `observability.tracing` applies at restart.
  const tracingConfig = startConfig.observability?.tracing;
  const tracing = tracingConfig ? await openTracing(tracingConfig, options.tracingDelayMs, logger) : undefined;
  const published = publishRequests(journal, events);
  // Upstream pools, balancers and health outlive Plans: each new Plan is reconciled in, never rebuilt.
  const upstreams = new UpstreamRegistry({ clock, seed: plan.seed, onHealthChange: (data) => events.publish({ type: 'upstream.health', data }) });
  upstreams.reconcile(plan);
  // Resilience policies (upstream/policies): breaker transitions are events, their counts metrics.
  const forwarder = createForwarder(upstreams, clock, {
    seed: plan.seed,
    onBreakerChange: (upstream, target, from, to) => events.publish({ type: 'upstream.breaker', data: { upstream, target, from, to } }),
  });
  metrics.countResilience(() => forwarder.resilience!());
  metrics.watchUpstreams(() => upstreams.status());
  // Test requests from the admin API (`POST /api/endpoints/{id}/test`) are journaled but not counted.
  const tester = createEndpointTester({ plan: () => engine.plan, dataPlaneUrl: () => (bound ? urlOf(bound) : undefined) });
  const journaled = startConfig.observability?.accessLog === true ? logAccess(published, logger) : published;
  const engine: Engine = createEngine({
    forwarder,
    plan,
    logger,
    clock,
    scheduleClock,
    rateLimitStore: options.cluster?.rateLimitStore ?? openRateLimitStore(cluster),
    stateStore: async () => {
      // What requests write is published as `state.changed` (the admin API's writes publish their own).
      const inner = await state.get();
      if (dataPlaneStore?.inner !== inner) dataPlaneStore = { inner, published: publishStateWrites(inner, events, { clock }) };
      return dataPlaneStore.published;
    },
    journal: tester.exempt(metrics.recorder(journaled), journaled),
    ...(metrics.connections ? { connections: metrics.connections } : {}),
    ...(tracing ? { tracer: tracing } : {}),
  });
  // Opened on first use; the config served now becomes version 1 unless the history already ends with it.
  const versions = openVersionStore(dataDir, { config: startConfig, at: new Date() });
  const keyStore = openApiKeyStore(dataDir);
  const hashes = createConfigFileHashes();
  hashes.adopt(startServed.fileHashes);
  let watcher: ConfigWatcher | undefined;
  let configSync: ConfigSync | undefined;
  const lifecycle: ConfigLifecycle = createConfigLifecycle({
    initial: { plan, served: startServed },
    options: { ...options, dataDir },
    // Upstream pools are reconciled right before each swap (after every check and commit), so a refused change leaves them as they were.
    engine: {
      get plan() {
        return engine.plan;
      },
      swap(next: Plan) {
        upstreams.reconcile(next);
        engine.swap(next);
      },
    },
    prepare: (next) => prepareState(next, state),
    listeners: [
      ...(options.cluster?.leadingListeners ?? []),
      ...configListeners({
        initial: startServed,
        hashes,
        versions,
        bus: events,
        metrics,
        audit: createConfigAudit(logger),
        logger,
        writeBack: options.writeBack !== false,
        watcher: () => watcher,
      }).filter((listener) => !options.cluster?.quiet || !PRIMARY_ONLY_LISTENERS.has(listener.name)),
      ...(cluster ? [clusterListener(() => configSync)] : []),
    ],
    logger,
  });
  // With Redis: the other instances' changes apply here, and this one's reach them (clusterListener).
  configSync = cluster ? await followClusterConfig(cluster, lifecycle, events, logger) : undefined;
  const startedAt = new Date();
  const fileChange = { author: 'file', message: 'file changed', source: 'file' } as const;
  watcher =
    options.watch && startServed.file !== undefined
      ? watchConfig(startServed.files ?? [startServed.file], {
          known: hashes.seen,
          reload: async () => {
            const outcome = await lifecycle.reloadFromFile(fileChange, { reportRejection: false });
            return outcome && !outcome.ok ? outcome.rejection : undefined;
          },
          onRejected: (rejection) => lifecycle.reject(fileChange, rejection),
          onError: (error) => logger.error({ err: error }, 'config watcher failed'),
        })
      : undefined;

  const stateAdmin = createStateAdmin(() => state.get());
  const dryRun = createDryRun({
    plan: () => engine.plan,
    served: () => lifecycle.served(),
    scheduleNow: () => scheduleClock.now(),
    options,
    stateStore: () => state.get(),
  });
  const localMetricsPort = options.cluster?.metrics ? options.cluster.metrics(metrics.port) : metrics.port;
  const journalPort = options.cluster?.journal ? options.cluster.journal(journal ?? NO_JOURNAL) : (journal ?? NO_JOURNAL);
  // With Redis: `scope=cluster` metrics and journals (src/cluster/start-cluster-views.ts).
  const views = cluster ? await startClusterViews(cluster, clock, { metrics: localMetricsPort, journal: journalPort }, logger) : undefined;
  const metricsPort = views ? views.metrics : localMetricsPort;
  let bound: { port: number; host: string } | undefined;
  let admin: AdminServer | undefined;
  // With Redis: this instance in the list every instance's /api/status shows.
  const registry = cluster
    ? startInstanceRegistry(cluster, clock, { startedAt, dataPlaneUrl: () => (bound ? urlOf(bound) : undefined), configVersion: () => configSync?.seq ?? 0 })
    : undefined;

  const listenAdmin = async (port?: number, host?: string) => {
    if (options.admin === false) throw new Error('the admin API is turned off (options.admin is false)');
    if (admin) throw new Error(`the admin API already listens on ${admin.url}`);
    let address = adminAddress(port, host);
    // No admin port configured anywhere: the first free one after the data port (8081 next to 8080),
    // so a second instance on another port starts instead of failing on a taken 8081.
    if (adminAddress(port, host, -1).port === -1 && bound) {
      address = { ...address, port: bound.port === 0 || bound.port >= 65535 ? 0 : await findFreePort(bound.port + 1, address.host) };
      logger.info(
        { adminPort: address.port },
        `admin.port is not configured: the admin API takes ${address.port === 0 ? 'a free port' : `port ${address.port}`}, next to the data port ${bound.port}`,
      );
    }
    refuseOpenAdmin(address.host);
    const ports = {
      config: lifecycle,
      state: publishStateChanges(
        createStatePort(
          stateAdmin,
          () => state.get(),
          () => engine.plan,
        ),
        events,
      ),
      journal: journalPort,
      versions,
      dryRun,
      importer: { preview: previewImport },
      upstreams: { list: () => upstreams.status(), setDrained: (id: string, index: number, drained: boolean) => upstreams.setDrained(id, index, drained) },
      endpointTest: tester,
      ...(views ? { clusterJournal: views.journal } : {}),
      status: createStatusPort({
        startedAt,
        dataDir,
        dataPlaneUrl: () => (bound ? urlOf(bound) : undefined),
        plan: () => engine.plan,
        configFile: () => lifecycle.served().file,
        dryRun,
        ...(cluster && registry
          ? { cluster: () => ({ instanceId: cluster.instanceId, redisUp: cluster.health.isUp(), instances: [...registry.instances()] }) }
          : {}),
      }),
    };
    admin = await startAdminServer(ports, {
      ...address,
      apiKeys: startConfig.admin?.apiKeys ?? [],
      keyStore,
      clock,
      logger: logger.child({ plane: 'admin' }),
      events,
      ...(options.admin && options.admin.events ? { eventStream: options.admin.events } : {}),
      ...(metricsPort ? { metrics: metricsPort } : {}),
      ...(startConfig.admin ? { config: startConfig.admin } : {}),
    });
  };

  return {
    async listen(port, host) {
      const settings = engine.plan.server;
      if (!options.cluster?.adminOnly) bound = await engine.listen(port ?? settings.port, host ?? settings.host);
      if (adminWanted && !admin) await listenAdmin();
    },
    get url() {
      if (!bound) throw new Error('Mimicus is not listening yet: call listen() first');
      return urlOf(bound);
    },
    get port() {
      if (!bound) throw new Error('Mimicus is not listening yet: call listen() first');
      return bound.port;
    },
    get plan() {
      return engine.plan;
    },
    async reload(next, reloadOptions = {}) {
      const change = { author: 'programmatic', message: 'reload()', source: 'programmatic', writeBack: reloadOptions.writeBack ?? false } as const;
      const outcome = typeof next === 'string' ? await lifecycle.reloadFromFile(change, { file: next }) : await lifecycle.apply(next, change);
      // A path always loads; reloadFromFile answers undefined only without one.
      if (!outcome!.ok) throw rejectionError(outcome!.rejection);
      if (!outcome!.changed) return { changed: false, restartNeeded: [], warnings: [] };
      return {
        changed: true,
        ...(outcome!.version ? { version: outcome!.version.id } : {}),
        restartNeeded: outcome!.restartNeeded,
        warnings: outcome!.warnings,
      };
    },
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
      await keyStore.close();
      await views?.stop();
      await registry?.stop();
      await configSync?.close();
      await cluster?.close();
    },
  };
}

/** `http://host:port` of a listener; 0.0.0.0 is reached as 127.0.0.1. */
function urlOf(bound: { port: number; host: string }): string {
  const host = bound.host.includes(':') ? `[${bound.host}]` : bound.host;
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${bound.port}`;
}

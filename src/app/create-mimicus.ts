import { dirname, join } from 'node:path';
import { systemClock, type Clock } from '../clock/index.js';
import { AdminKeysRequiredError, isLoopback, startAdminServer, type AdminServer } from '../control/index.js';
import { createEventBus, publishRequests, publishStateChanges, publishStateWrites } from '../control/index.js';
import { createEngine, createScheduleClock, seedCollection, type Engine } from '../engine/index.js';
import {
  createConfigAudit,
  createLogger,
  createMetrics,
  logAccess,
  openSloStore,
  type CpuSample,
  type Journal,
  type Logger,
  type LogLevel,
} from '../observe/index.js';
import type { Plan } from '../plan/index.js';
import { createForwarder, UpstreamRegistry } from '../upstream/index.js';
import { crudCollectionPrefix, type StateStore } from '../state/index.js';
import { ConfigInvalidError, rejectionError } from './config-invalid-error.js';
import { PRIMARY_ONLY_LISTENERS, type ClusterHooks } from './cluster-hooks.js';
import { createConfigFileHashes } from './config-file-hashes.js';
import { createConfigLifecycle, type ConfigLifecycle } from './config-lifecycle.js';
import { createDryRun } from './create-dry-run.js';
import { createEndpointTester } from './endpoint-tester.js';
import { configListeners } from './listeners/index.js';
import { openClusterWiring } from './open-cluster-wiring.js';
import { openTracing } from './open-tracing.js';
import { loadPlan, type ConfigInput, type PlanOptions } from './load-plan.js';
import { findFreePort } from './find-free-port.js';
import { openApiKeyStore, openJournalFor, openVersionStore } from './open-stores.js';
import { servedConfigOf } from './served-config.js';
import { createStateAdmin } from './state-admin.js';
import type { AdminListenOptions, Mimicus } from './mimicus.js';
import { createStatePort } from './state-port.js';
import { createStatusPort } from './status-port.js';
import { createStateStoreHolder, type StateStoreHolder } from './state-store-holder.js';
import { upstreamPort } from './upstream-port.js';
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
   * Where CPU warnings (`observability.cpuWarnings`) read the process's load, every interval: CPU
   * in percent of one core and event-loop utilization since the previous reading. By default
   * `process.cpuUsage()` and `performance.eventLoopUtilization()`; a test hands in a scripted one,
   * as it does a ManualClock, so a warning does not depend on the machine's real load.
   */
  readonly cpuSampler?: () => CpuSample;
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

/**
 * The programmatic API: `const m = await createMimicus('mocks.yaml'); await m.listen(0); m.url`.
 * Throws ConfigInvalidError (code CONFIG_INVALID) listing every problem when the config is invalid.
 */
export async function createMimicus(input: ConfigInput, given: MimicusOptions = {}): Promise<Mimicus> {
  const clock = given.clock ?? systemClock;
  // Templates' `now` reads the same clock as everything else, unless a fixed one is given.
  const withClock: MimicusOptions = given.clock && !given.now ? { ...given, now: () => clock.epochMs() } : given;
  // A worker of `serve --workers` keeps its sequences' positions where every worker reads them.
  const openSequence = given.cluster?.openSequence;
  const options: MimicusOptions = openSequence ? { ...withClock, openSequence } : withClock;
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
  // With Redis (`state.store: redis`): the link to the other instances; inert without.
  const cluster = await openClusterWiring({ state: startConfig.state, clock, logger, events });
  const state = createStateStoreHolder(dataDir, clock, cluster.redis);
  await prepareState(plan, state);
  options.cluster?.events?.(events);
  // Metrics and CPU warnings (`observability`), read once at start like the journal.
  const metrics = createMetrics(startConfig.observability, {
    logger,
    clock,
    // The SLO windows survive a restart in the data dir, like the state and the journal.
    ...(dataDir === false ? {} : { sloStore: () => openSloStore(options.cluster?.sloFile ?? join(dataDir, 'slo.sqlite')) }),
    ...(options.cpuSampler ? { sample: options.cpuSampler } : {}),
    onCpuWarning: (change, message) =>
      events.publish({
        type: 'warning',
        data: { message, code: 'CPU_SATURATED', threshold: change.thresholdPercent, cpuPercent: change.cpuPercent, elu: change.elu, state: change.state },
      }),
  });
  // Built once from the first config: a reload keeps the same journal (and its entries).
  const journal = await openJournalFor(startConfig.journal, dataDir, logger, clock, options.cluster?.journalFile);
  metrics.trackSlos(plan.slos);
  await metrics.slosRestored();
  if (journal) metrics.countJournalDrops(() => journal.dropped);
  if (cluster.redisHealth) metrics.watchRedis(cluster.redisHealth);
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
    onFallback: (upstream, reason, count) => events.publish({ type: 'upstream.fallback', data: { upstream, reason, count } }),
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
    // With Redis, its buckets are shared by every process of every instance (workers included): the
    // workers' SQLite store would hold one machine's share only.
    rateLimitStore: cluster.redis ? cluster.rateLimitStore : (options.cluster?.rateLimitStore ?? cluster.rateLimitStore),
    stateStore: async () => {
      // What requests write is published as `state.changed` (the admin API's writes publish their own).
      const inner = await state.get();
      if (dataPlaneStore?.inner !== inner) dataPlaneStore = { inner, published: publishStateWrites(inner, events, { clock }) };
      return dataPlaneStore.published;
    },
    journal: tester.exempt(metrics.recorder(journaled), journaled),
    // Metrics, events and the access log read no body: only the request journal keeps (the start of) them.
    journalBodyBytes: journal?.maxBodyBytes ?? 0,
    ...(metrics.connections ? { connections: metrics.connections } : {}),
    ...(tracing ? { tracer: tracing } : {}),
  });
  // Opened on first use; the config served now becomes version 1 unless the history already ends with it.
  const versions = openVersionStore(dataDir, { config: startConfig, at: new Date() });
  const keyStore = openApiKeyStore(dataDir);
  const hashes = createConfigFileHashes();
  hashes.adopt(startServed.fileHashes);
  let watcher: ConfigWatcher | undefined;
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
      ...cluster.listeners,
    ],
    logger,
  });
  const startedAt = new Date();
  let bound: { port: number; host: string } | undefined;
  // With Redis: the other instances' changes apply here, this one's reach them (cluster.listeners), and it joins the instance list /api/status shows.
  await cluster.follow(lifecycle, { startedAt, dataPlaneUrl: () => (bound ? urlOf(bound) : undefined) });
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
  // With Redis: `scope=cluster` metrics and journals.
  const views = await cluster.startViews({ metrics: localMetricsPort, journal: journalPort });
  const metricsPort = views ? views.metrics : localMetricsPort;
  let admin: AdminServer | undefined;

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
      // Loaded with the admin API: the importers are a tenth of a start's modules and only its import routes use them.
      importer: { preview: (await import('../import/index.js')).previewImport },
      upstreams: upstreamPort(upstreams, forwarder),
      endpointTest: tester,
      ...(views ? { clusterJournal: views.journal } : {}),
      status: createStatusPort({
        startedAt,
        dataDir,
        dataPlaneUrl: () => (bound ? urlOf(bound) : undefined),
        plan: () => engine.plan,
        configFile: () => lifecycle.served().file,
        dryRun,
        ...(cluster.status ? { cluster: cluster.status } : {}),
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
      await metrics.close();
      await admin?.close();
      await engine.close();
      await upstreams.close();
      // Every request has ended its span by now: export what is buffered before stopping.
      await tracing?.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'traces could not be exported at shutdown'));
      await journal?.close();
      await state.close();
      await versions.close();
      await keyStore.close();
      await cluster.close();
    },
  };
}

/** `http://host:port` of a listener; 0.0.0.0 is reached as 127.0.0.1. */
function urlOf(bound: { port: number; host: string }): string {
  const host = bound.host.includes(':') ? `[${bound.host}]` : bound.host;
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${bound.port}`;
}

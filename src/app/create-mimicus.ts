import { dirname, join } from 'node:path';
import { createEngine, createScheduleClock, crudKeyPrefix, seedCollection, type Engine } from '../engine/index.js';
import { createLogger, journalOptions, openJournal, type Journal, type Logger, type LogLevel, type OpenJournal } from '../observe/index.js';
import type { Plan } from '../plan/index.js';
import { ConfigInvalidError } from './config-invalid-error.js';
import { loadPlan, type ConfigInput, type PlanOptions } from './load-plan.js';
import { createStateAdmin, type StateAdmin } from './state-admin.js';
import { createStateStoreHolder, type StateStoreHolder } from './state-store-holder.js';

/** Loads each CRUD collection's seed into it when it is empty (a restart keeps what was written). */
async function seedCollections(plan: Plan, state: StateStoreHolder): Promise<void> {
  for (const endpoint of plan.endpoints) {
    // Collections per session (client, endpoint) are seeded when first used, by the engine.
    if (endpoint.responder.type !== 'crud' || endpoint.responder.spec.seed.length === 0 || endpoint.responder.spec.scope !== 'global') continue;
    const spec = endpoint.responder.spec;
    await seedCollection(spec, await state.get(), crudKeyPrefix(spec.collection));
  }
}

const NO_JOURNAL: Journal = {
  list: () => Promise.resolve({ entries: [] }),
  get: () => Promise.resolve(undefined),
  clear: () => Promise.resolve(),
  count: () => Promise.resolve(0),
};

async function openJournalFor(config: Parameters<typeof journalOptions>[0], dataDir: string | false, logger: Logger): Promise<OpenJournal | undefined> {
  const options = journalOptions(config, dataDir);
  return options ? openJournal({ ...options, onError: (error) => logger.error({ err: error }, 'journal batch could not be written') }) : undefined;
}

export interface MimicusOptions extends PlanOptions {
  /** A logger of your own; otherwise one is made at `logLevel` (default 'silent' for the programmatic API). */
  readonly logger?: Logger;
  readonly logLevel?: LogLevel;
  /** Start the schedule clock at this instant (overrides `server.clock.start`), e.g. to test a window boundary. */
  readonly clockStart?: Date;
  /**
   * Where state (CRUD collections) is kept: a directory for SQLite (default `.mimicus/` next to the
   * config file, or in the working directory for a config object), or false for memory only.
   */
  readonly dataDir?: string | false;
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
  /** Graceful shutdown: in-flight requests finish (within server.shutdownTimeout). */
  close(): Promise<void>;
}

/**
 * The programmatic API: `const m = await createMimicus('mocks.yaml'); await m.listen(0); m.url`.
 * Throws ConfigInvalidError (code CONFIG_INVALID) listing every problem when the config is invalid.
 */
export async function createMimicus(input: ConfigInput, options: MimicusOptions = {}): Promise<Mimicus> {
  const logger = options.logger ?? createLogger({ level: options.logLevel ?? 'silent' });
  const initial = await loadPlan(input, options);
  if (!initial.ok) throw new ConfigInvalidError(initial.error);
  const plan = initial.value.plan;
  const configDir = initial.value.loaded?.file ? dirname(initial.value.loaded.file) : process.cwd();
  const dataDir = options.dataDir ?? join(configDir, '.mimicus');
  const state = createStateStoreHolder(dataDir);
  await seedCollections(plan, state);
  // Built once from the first config: a reload keeps the same journal (and its entries).
  const journal = await openJournalFor(initial.value.loaded?.config.journal, dataDir, logger);
  const clockStartMs = options.clockStart?.getTime() ?? plan.server.clockStartMs;
  const engine: Engine = createEngine({
    plan,
    logger,
    scheduleClock: createScheduleClock(clockStartMs),
    stateStore: () => state.get(),
    ...(journal ? { journal } : {}),
  });
  let bound: { port: number; host: string } | undefined;

  return {
    async listen(port, host) {
      const settings = engine.plan.server;
      bound = await engine.listen(port ?? settings.port, host ?? settings.host);
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
    async reload(next) {
      const loaded = await loadPlan(next, options);
      if (!loaded.ok) throw new ConfigInvalidError(loaded.error);
      await seedCollections(loaded.value.plan, state);
      engine.swap(loaded.value.plan);
    },
    state: createStateAdmin(() => state.get()),
    journal: journal ?? NO_JOURNAL,
    async close() {
      await engine.close();
      await journal?.close();
      await state.close();
    },
  };
}

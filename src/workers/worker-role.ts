import { join } from 'node:path';
import { ConfigInvalidError, type ConfigInput, type Mimicus } from '../app/index.js';
import { systemClock } from '../clock/index.js';
import type { ConfigRejection } from '../control/index.js';
import { AppError } from '../errors/index.js';
import type { Logger, MetricsPort } from '../observe/index.js';
import { awaitPrimary } from './await-primary.js';
import type { ClusterRole } from './cluster-role.js';
import { isMessage, type ToPrimary, type ToWorker } from './messages.js';
import { answerQuestion } from './answer-question.js';
import { forwardEvents } from './forward-events.js';
import { openSqliteRateLimitStore } from './sqlite-rate-limit-store.js';
import { openSqliteSequencePositions } from './sqlite-sequence-positions.js';

/** How long a worker holds a prepared change for the primary's word. */
const WORD_TIMEOUT_MS = 30_000;

const send = (message: ToPrimary) => process.send?.(message);

/**
 * A worker of `serve --workers N`: serves the data plane on the port the workers share, with no
 * admin API, watcher or write-back of its own; asks the primary what to serve at start, applies
 * the primary's changes through its own lifecycle, answers its questions (metrics, journal), and
 * drains and exits when told to or when the primary is gone.
 */
export function workerRole(logger: Logger): ClusterRole {
  const slot = Number(process.env['MIMICUS_WORKER_SLOT'] ?? '0');
  /** The Plan generation this worker compiles for: what the primary serves at the fork, then each change's id. */
  const generation = { run: process.env['MIMICUS_RUN'] ?? String(process.ppid), change: Number(process.env['MIMICUS_SEQUENCE_GENERATION'] ?? '0') || 0 };
  const barrier = awaitPrimary(send, WORD_TIMEOUT_MS);
  let metrics: MetricsPort | undefined;
  let events: ReturnType<typeof forwardEvents> | undefined;
  /** What the primary said before this worker's bus existed. */
  let forwarding = false;
  let mimicus: Mimicus | undefined;
  let started!: (target: Mimicus) => void;
  // A change the primary sends between this worker's hello and its start waits for the start.
  const serving = new Promise<Mimicus>((resolve) => (started = resolve));
  let closing: Promise<void> | undefined;
  const forward = (on: boolean) => {
    forwarding = on;
    events?.set(on);
  };
  const init = new Promise<{ config?: unknown }>((resolve) => {
    process.on('message', (message: unknown) => {
      if (!isMessage<ToWorker>(message)) return;
      if (message.t === 'init') {
        forward(message.events === true);
        resolve(message);
      } else if (message.t === 'events') forward(message.on);
      else void handle(message);
    });
  });
  // SIGINT from a terminal reaches every process of the group: the primary drains the workers.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => undefined);
  process.on('disconnect', () => void stop(1));

  const stop = (code: number) => {
    logger.debug({ slot, pid: process.pid }, `worker ${slot} draining`);
    closing ??= (mimicus?.close() ?? Promise.resolve())
      .catch((error: unknown) => logger.error({ err: error, slot }, `worker ${slot} did not close cleanly`))
      .finally(() => {
        logger.debug({ slot, pid: process.pid }, `worker ${slot} exits`);
        process.exit(code);
      });
    return closing;
  };

  const apply = async (message: Extract<ToWorker, { t: 'apply' }>, target: Mimicus) => {
    barrier.expect(message.id);
    generation.change = message.id;
    try {
      await (message.file !== undefined ? target.reload(message.file) : target.reload(message.config as ConfigInput));
      send(barrier.wasReady(message.id) ? { t: 'applied', id: message.id } : { t: 'prepared', id: message.id, kind: 'unchanged' });
    } catch (error) {
      if (barrier.wasReady(message.id)) return; // called off after `ready`: the primary knows
      send({ t: 'prepared', id: message.id, kind: 'failed', rejection: rejectionOf(error) });
    } finally {
      barrier.done(message.id);
    }
  };

  // One change at a time, in the primary's order: `expect` names the change the lifecycle is
  // preparing, so a second change must not be announced while the first still waits for its word
  // (a worker that was stopped, then resumed, finds several queued).
  let applying: Promise<void> = Promise.resolve();
  const handle = async (message: ToWorker) => {
    if (message.t === 'commit' || message.t === 'abort') return barrier.word(message.id, message.t);
    if (message.t === 'shutdown') return void stop(0);
    const target = await serving;
    if (message.t === 'apply') return (applying = applying.then(() => apply(message, target)));
    if (message.t !== 'ask') return;
    try {
      send({ t: 'answer', id: message.id, value: await answerQuestion(message.what, message.args, { metrics, journal: target.journal }) });
    } catch (error) {
      send({ t: 'answer', id: message.id, error: (error as Error).message });
    }
  };

  return {
    kind: 'worker',
    async options(dataDir) {
      send({ t: 'hello' });
      const rateLimitStore = await openSqliteRateLimitStore({ file: join(dataDir, 'rate-limits.sqlite'), toSharedMs: (ms) => systemClock.toEpochMs(ms) });
      const sequences = await openSqliteSequencePositions(join(dataDir, 'sequences.sqlite'), () => ({ ...generation }));
      return {
        admin: false,
        watch: false,
        writeBack: false,
        cluster: {
          leadingListeners: [barrier.listener],
          quiet: true,
          rateLimitStore,
          openSequence: sequences.open,
          journalFile: join(dataDir, `journal.w${slot}.sqlite`),
          sloFile: join(dataDir, `slo.w${slot}.sqlite`),
          metrics: (local) => (metrics = local),
          events: (bus) => {
            events = forwardEvents(bus, send);
            events.set(forwarding);
          },
        },
      };
    },
    async listen(target, port, host) {
      // What the admin API changed since the primary started, before this worker serves a request.
      const { config } = await init;
      if (config !== undefined && config !== null) await target.reload(config as ConfigInput);
      mimicus = target;
      started(target);
      await target.listen(port, host);
      send({ t: 'listening', port: target.port, host: host ?? target.plan.server.host });
      logger.debug({ slot, pid: process.pid }, `worker ${slot} listening`);
      return target.url;
    },
    close: () => stop(0),
  };
}

function rejectionOf(error: unknown): ConfigRejection {
  if (error instanceof ConfigInvalidError) return { code: error.code, detail: error.detail ?? error.message, issues: error.issues };
  const message = error instanceof Error ? error.message : String(error);
  return { code: error instanceof AppError ? error.code : 'INTERNAL', detail: message, issues: [{ path: '', message }] };
}

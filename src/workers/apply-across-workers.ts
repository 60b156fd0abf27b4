import type { Worker } from 'node:cluster';
import type { ConfigListener } from '../app/index.js';
import type { ConfigRejection } from '../control/index.js';
import type { Logger } from '../observe/index.js';
import type { ToWorker } from './messages.js';
import type { WorkerPool } from './worker-pool.js';

export interface ApplyAcrossWorkersOptions {
  readonly pool: WorkerPool;
  readonly logger: Logger;
  /** How long a worker may take to compile a change, and then to switch to it. */
  readonly timeoutMs: number;
}

/** The primary's part of every config change, and what a worker starting now must serve. */
export interface AppliedAcrossWorkers {
  readonly listener: ConfigListener;
  /** The config object changed since start by anything but the files (the files a new worker reads itself). */
  latest(): unknown;
  /** The id of the change every worker serves now (0: none since start): its sequences' generation. */
  generation(): number;
}

/**
 * Applies each change the primary's lifecycle accepts to every worker, in two steps. `commit`
 * (before anything serves; it runs first of the primary's listeners) asks each worker to compile
 * and prepare the change and to hold it: a worker that refuses or does not answer refuses the change
 * for all. Listeners after it may still refuse (write-back): the lifecycle then calls `onRejected`,
 * which aborts the held change. Only `onApplied` tells the workers to switch, and waits for them,
 * so the admin API answers once every worker serves the change.
 */
export function applyAcrossWorkers(options: ApplyAcrossWorkersOptions): AppliedAcrossWorkers {
  const { pool, logger, timeoutMs } = options;
  let nextId = 0;
  /** The change being applied: who was asked, who holds it ready. */
  let held: { id: number; message: ToWorker; asked: Worker[]; ready: Worker[] } | undefined;
  let latest: unknown;
  let generation = 0;

  const listener: ConfigListener = {
    name: 'workers',
    async commit({ next, fromFiles }) {
      const id = ++nextId;
      const message: ToWorker = fromFiles
        ? { t: 'apply', id, ...(next.file !== undefined ? { file: next.file } : {}) }
        : { t: 'apply', id, config: next.config };
      const workers = pool.workers();
      const answers = await Promise.all(
        workers.map((worker) =>
          pool.request(worker, message as ToWorker & { id: number }, 'prepared', timeoutMs).then(
            (answer) => ({ worker, answer }),
            (error: Error) => ({ worker, error }),
          ),
        ),
      );
      // Workers that already serve it have nothing to hold.
      const ready = answers.filter((a) => 'answer' in a && a.answer.t === 'prepared' && a.answer.kind === 'ready').map((a) => a.worker);
      held = { id, message, asked: workers, ready };
      const refused = answers.find((a) => 'answer' in a && a.answer.t === 'prepared' && a.answer.kind === 'failed');
      if (refused !== undefined && 'answer' in refused && refused.answer.t === 'prepared' && refused.answer.kind === 'failed') {
        const { rejection } = refused.answer;
        return { ...rejection, detail: `worker ${refused.worker.id} refused the change: ${rejection.detail}` };
      }
      const silent = answers.find((a): a is { worker: Worker; error: Error } => 'error' in a);
      if (silent !== undefined) return unavailable(silent.error.message);
      return undefined;
    },
    async onApplied({ next, fromFiles }) {
      const change = held;
      held = undefined;
      latest = fromFiles ? undefined : next.config;
      if (change === undefined) return undefined;
      generation = change.id;
      // A worker that started while the change was prepared was told the config before it: it catches up now.
      for (const worker of pool.workers()) {
        if (change.asked.includes(worker)) continue;
        pool.send(worker, change.message);
        pool.send(worker, { t: 'commit', id: change.id });
      }
      const late = await Promise.all(
        change.ready.map((worker) =>
          pool.request(worker, { t: 'commit', id: change.id }, 'applied', timeoutMs).then(
            () => undefined,
            (error: Error) => error.message,
          ),
        ),
      );
      const problems = late.filter((problem): problem is string => problem !== undefined);
      if (problems.length > 0) {
        logger.warn({ problems }, 'a worker did not confirm a config change; it is replaced if it died, and then starts on the new config');
        return { warning: `not confirmed by every worker: ${problems.join('; ')}` };
      }
      return undefined;
    },
    onRejected() {
      const change = held;
      held = undefined;
      // Every worker asked, not only those that said ready: one that did not answer in time (stopped,
      // busy) still has the change queued, and must drop it when it gets to it rather than hold it
      // for the primary's word, delaying the changes after it.
      for (const worker of change?.asked ?? []) pool.send(worker, { t: 'abort', id: change!.id });
    },
  };
  return { listener, latest: () => latest, generation: () => generation };
}

function unavailable(detail: string): ConfigRejection {
  const message = `the change was applied nowhere: ${detail}`;
  return { code: 'WORKERS_UNAVAILABLE', detail: message, issues: [{ path: '', message }] };
}

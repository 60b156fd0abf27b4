import { randomUUID } from 'node:crypto';
import type { Mimicus } from '../app/index.js';
import type { EventBus } from '../control/index.js';
import type { Logger } from '../observe/index.js';
import { applyAcrossWorkers } from './apply-across-workers.js';
import type { ClusterRole } from './cluster-role.js';
import { gatherEvents } from './gather-events.js';
import { gatheredJournal } from './gathered-journal.js';
import { gatheredMetrics } from './gathered-metrics.js';
import { WorkerPool } from './worker-pool.js';

/** A worker compiling a change, or switching to it, answers within this (else the change is refused everywhere). */
const APPLY_TIMEOUT_MS = 10_000;
/** The admin API's reads (metrics, journal) wait this long for each worker. */
const GATHER_TIMEOUT_MS = 2_000;
/** Beyond `server.shutdownTimeout` (the workers' own drain), a worker that has not exited is killed. */
const STOP_GRACE_MS = 5_000;

/**
 * The primary of `serve --workers N`: forks N workers that share the data port, serves the admin
 * API (changes applied by every worker, metrics and journal gathered from them), replaces a worker
 * that dies, and drains them all at shutdown. It serves no requests itself.
 */
export function primaryRole(count: number, logger: Logger): ClusterRole {
  let bus: EventBus | undefined;
  const pool: WorkerPool = new WorkerPool({
    count,
    logger,
    init: () => ({ t: 'init', events: events.forwarding(), ...(applied.latest() !== undefined ? { config: applied.latest() } : {}) }),
    onExit: (slot, message) => bus?.publish({ type: 'warning', data: { code: 'WORKER_EXITED', message } }),
    onEvents: (slot, list, dropped) => events.publish(slot, list, dropped),
    // Sequences' positions are shared per Plan generation: a replacement worker joins the current one.
    env: () => ({ MIMICUS_RUN: run, MIMICUS_SEQUENCE_GENERATION: String(applied.generation()) }),
  });
  const run = randomUUID();
  const events = gatherEvents(pool, () => bus);
  const applied = applyAcrossWorkers({ pool, logger, timeoutMs: APPLY_TIMEOUT_MS });
  return {
    kind: 'primary',
    options: async () => ({
      cluster: {
        adminOnly: true,
        leadingListeners: [applied.listener],
        metrics: (local) => local && gatheredMetrics(local, pool, GATHER_TIMEOUT_MS),
        journal: () => gatheredJournal(pool, GATHER_TIMEOUT_MS),
        events: (given) => (bus = given),
      },
    }),
    async listen(mimicus: Mimicus) {
      let address;
      try {
        address = await pool.start();
      } catch (error) {
        await pool.stop(STOP_GRACE_MS);
        throw error;
      }
      // The admin API (when wanted) starts once the workers serve.
      await mimicus.listen();
      const host = address.host.includes(':') ? `[${address.host}]` : address.host === '0.0.0.0' ? '127.0.0.1' : address.host;
      logger.info({ workers: count, pid: process.pid }, `${count} workers share the data port`);
      return `http://${host}:${address.port}`;
    },
    async close(mimicus) {
      events.stop();
      await pool.stop(mimicus.plan.server.shutdownTimeoutMs + STOP_GRACE_MS);
      await mimicus.close();
    },
  };
}

import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Logger } from '../observe/index.js';
import type { ClusterRole } from './cluster-role.js';
import { primaryRole } from './primary-role.js';
import { workerRole } from './worker-role.js';

/** More workers than this is a typo, not a plan (each is a Node process of ~60 MB). */
export const MAX_WORKERS = 256;

/** `--workers`: a whole number from 1 to MAX_WORKERS, or `auto` (one per core). */
export function parseWorkerCount(text: string): number {
  if (text === 'auto') return availableParallelism();
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1 || n > MAX_WORKERS) {
    throw new RangeError(`--workers must be a whole number from 1 to ${MAX_WORKERS}, or auto (got "${text}")`);
  }
  return n;
}

/**
 * This process's part in `serve --workers N`: a worker when forked by a primary (whatever N says,
 * since workers run the same command line), the primary when N > 1, else none (one process serves).
 */
export function clusterRoleFor(workers: number, logger: Logger): ClusterRole | undefined {
  if (cluster.isWorker) return workerRole(logger);
  return workers > 1 ? primaryRole(workers, logger) : undefined;
}

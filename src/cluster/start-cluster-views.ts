import type { Clock } from '../clock/index.js';
import type { Journal, Logger, MetricsPort } from '../observe/index.js';
import { startClusterJournal, type ClusterJournal } from './cluster-journal.js';
import { startClusterMetrics } from './cluster-metrics.js';
import type { Cluster } from './open-cluster.js';

/** What the admin API serves with Redis: the metrics port with `cluster()`, and the journals of every instance. */
export interface ClusterViews {
  /** `local` with `scope=cluster`; undefined with `metrics: false`. */
  readonly metrics: MetricsPort | undefined;
  readonly journal: ClusterJournal;
  stop(): Promise<void>;
}

/** Starts publishing this instance's metrics and answering journal questions; the views read the other instances'. */
export async function startClusterViews(
  cluster: Cluster,
  clock: Clock,
  local: { readonly metrics: MetricsPort | undefined; readonly journal: Journal },
  logger: Logger,
): Promise<ClusterViews> {
  const metrics = local.metrics ? startClusterMetrics(cluster, clock, local.metrics, logger) : undefined;
  const journal = await startClusterJournal(cluster, local.journal, logger);
  return {
    metrics: metrics?.port,
    journal,
    stop: async () => metrics?.stop(),
  };
}

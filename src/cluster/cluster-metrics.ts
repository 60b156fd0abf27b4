import { repeatInBackground, type Clock } from '../clock/index.js';
import { snapshotOfExports, type Logger, type MetricsExport, type MetricsPort } from '../observe/index.js';
import { clusterUnavailable as unavailable } from './cluster-unavailable.js';
import type { Cluster } from './open-cluster.js';

/** Each instance publishes its windows this often; `scope=cluster` numbers are at most this old (its own: fresh). */
const PUBLISH_MS = 2_000;
/** A snapshot not refreshed for this long (the instance stopped or lost Redis) expires and leaves the merge. */
const TTL_MS = 10_000;
/** Bounds on what a read takes from Redis: the instances merged, and one snapshot's size. */
const MAX_INSTANCES = 100;
const MAX_SNAPSHOT_CHARS = 16 * 1024 * 1024;

/**
 * `GET /api/metrics?scope=cluster`: every instance publishes its metrics export (each window's
 * counters and HDR histograms per endpoint) to `<keyPrefix>{metrics}:<instanceId>` every 2 s, with
 * a 10 s TTL; a read merges them, bucket by bucket, with this instance's own taken fresh. Nothing
 * of this is on the request path.
 */
export function startClusterMetrics(cluster: Cluster, clock: Clock, local: MetricsPort, logger: Logger): { port: MetricsPort; stop(): Promise<void> } {
  const keyOf = (instanceId: string) => `${cluster.keyPrefix}{metrics}:${instanceId}`;
  const publish = async () => {
    if (!cluster.health.isUp()) return;
    await cluster.redis.set(keyOf(cluster.instanceId), JSON.stringify(await local.export()), 'PX', TTL_MS);
  };
  let running: Promise<void> = publish().catch(() => undefined);
  const repeat = repeatInBackground(clock, PUBLISH_MS, () => {
    running = publish().catch((error: unknown) => logger.debug({ err: error }, 'could not publish this instance metrics to Redis'));
  });

  const others = async (): Promise<{ id: string; part: MetricsExport }[]> => {
    if (!cluster.health.isUp()) throw unavailable();
    try {
      const ids = (await cluster.redis.hkeys(`${cluster.keyPrefix}instances`)).filter((id) => id !== cluster.instanceId).slice(0, MAX_INSTANCES - 1);
      if (ids.length === 0) return [];
      const texts = await cluster.redis.mget(...ids.map(keyOf));
      return ids.flatMap((id, i) => {
        const text = texts[i];
        if (typeof text !== 'string' || text.length > MAX_SNAPSHOT_CHARS) return [];
        try {
          return [{ id, part: JSON.parse(text) as MetricsExport }];
        } catch {
          return [];
        }
      });
    } catch (error) {
      throw unavailable(error);
    }
  };

  return {
    port: {
      prometheus: () => local.prometheus(),
      prometheusJson: () => local.prometheusJson(),
      snapshot: () => local.snapshot(),
      export: () => local.export(),
      async cluster() {
        const [mine, rest] = await Promise.all([local.export(), others()]);
        const parts = [{ id: cluster.instanceId, part: mine }, ...rest];
        return {
          ...snapshotOfExports(parts.map((p) => p.part)),
          instances: parts.map(({ id, part }) => ({ id, generatedAt: typeof part.generatedAt === 'string' ? part.generatedAt : new Date(0).toISOString() })),
        };
      },
    },
    async stop() {
      repeat.stop();
      await running;
      await cluster.redis.del(keyOf(cluster.instanceId)).catch(() => undefined);
    },
  };
}

import type { Clock } from '../clock/index.js';
import { openCluster, startClusterViews, startInstanceRegistry, type ClusterViews, type ConfigSync } from '../cluster/index.js';
import type { Config } from '../config/index.js';
import type { ControlStatus, EventBus } from '../control/index.js';
import type { RateLimitStore } from '../engine/index.js';
import type { Journal, Logger, MetricsPort } from '../observe/index.js';
import type { ConfigLifecycle } from './config-lifecycle.js';
import type { ConfigListener } from './config-listener.js';
import { followClusterConfig } from './follow-cluster-config.js';
import { clusterListener } from './listeners/index.js';
import { openRateLimitStore, redisSettings } from './open-stores.js';

/**
 * This instance's part in a cluster over Redis (`state.store: redis`): the Redis link, config
 * changes shared both ways, the instance list. Without Redis every member is inert (a local
 * rate-limit store, no listener, nothing to close), so the composition root wires it the same way
 * in both cases.
 */
export interface ClusterWiring {
  /** Where state lives in Redis; undefined without Redis. */
  readonly redis: { readonly url: string; readonly keyPrefix: string } | undefined;
  readonly rateLimitStore: RateLimitStore;
  /** For the Redis metrics; undefined without Redis. */
  readonly redisHealth: (() => { up: boolean; fallbacks: number }) | undefined;
  /** Publishes this instance's config changes to the others (after every other listener). */
  readonly listeners: readonly ConfigListener[];
  /** Applies the other instances' changes through `lifecycle` and joins the instance list; once, after the lifecycle exists. */
  follow(lifecycle: ConfigLifecycle, self: { readonly startedAt: Date; readonly dataPlaneUrl: () => string | undefined }): Promise<void>;
  /** `scope=cluster` metrics and journals over this instance's own (src/cluster/start-cluster-views.ts); undefined without Redis. */
  startViews(local: { readonly metrics: MetricsPort | undefined; readonly journal: Journal }): Promise<ClusterViews | undefined>;
  /** `/api/status`'s cluster block; undefined without Redis. */
  readonly status: (() => NonNullable<ControlStatus['cluster']>) | undefined;
  close(): Promise<void>;
}

export interface ClusterWiringDeps {
  readonly state: Config['state'];
  readonly clock: Clock;
  readonly logger: Logger;
  /** Redis outages and refused cluster configs are published here as `warning` events. */
  readonly events: EventBus;
}

export async function openClusterWiring(deps: ClusterWiringDeps): Promise<ClusterWiring> {
  const redis = redisSettings(deps.state);
  const cluster = redis
    ? await openCluster({ ...redis, clock: deps.clock, logger: deps.logger, onRedisChange: (_up, warning) => deps.events.publish(warning) })
    : undefined;
  let configSync: ConfigSync | undefined;
  let registry: ReturnType<typeof startInstanceRegistry> | undefined;
  let views: ClusterViews | undefined;
  return {
    redis,
    rateLimitStore: openRateLimitStore(cluster),
    redisHealth: cluster ? () => ({ up: cluster.health.isUp(), fallbacks: cluster.health.fallbacks }) : undefined,
    listeners: cluster ? [clusterListener(() => configSync)] : [],
    async follow(lifecycle, self) {
      if (!cluster) return;
      configSync = await followClusterConfig(cluster, lifecycle, deps.events, deps.logger);
      registry = startInstanceRegistry(cluster, deps.clock, { ...self, configVersion: () => configSync?.seq ?? 0 });
    },
    async startViews(local) {
      if (!cluster) return undefined;
      views = await startClusterViews(cluster, deps.clock, local, deps.logger);
      return views;
    },
    status:
      cluster &&
      (() => ({
        instanceId: cluster.instanceId,
        redisUp: cluster.health.isUp(),
        // Read when asked: the registry starts with follow().
        instances: registry ? [...registry.instances()] : [],
      })),
    async close() {
      await views?.stop();
      await registry?.stop();
      await configSync?.close();
      await cluster?.close();
    },
  };
}

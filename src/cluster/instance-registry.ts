import { repeatInBackground, type Clock } from '../clock/index.js';
import type { Cluster } from './open-cluster.js';

/** One instance as the others see it (`GET /api/status` → `cluster.instances`). */
export interface InstanceSeen {
  readonly id: string;
  readonly dataPlaneUrl?: string;
  readonly startedAt: string;
  readonly lastSeen: string;
  /** The newest cluster config version it applied or published (0: none since it started). */
  readonly configVersion: number;
}

const HEARTBEAT_MS = 2_000;
/** An instance not heard from for this long is gone (crashed, or cut off from Redis) and is dropped. */
const GONE_AFTER_MS = 10_000;

export interface InstanceRegistry {
  /** The instances seen by the last heartbeat, this one included, by id. */
  instances(): readonly InstanceSeen[];
  stop(): Promise<void>;
}

/**
 * Every instance writes itself into one hash every 2 s and reads the others back; the list served
 * is the last one read (a status request never waits on Redis). While Redis is away the list stays
 * as it was last seen.
 */
export function startInstanceRegistry(
  cluster: Cluster,
  clock: Clock,
  self: { readonly startedAt: Date; readonly dataPlaneUrl: () => string | undefined; readonly configVersion: () => number },
): InstanceRegistry {
  const key = `${cluster.keyPrefix}instances`;
  let seen: InstanceSeen[] = [];
  const beat = async () => {
    const now = clock.epochMs();
    const url = self.dataPlaneUrl();
    const mine: InstanceSeen = {
      id: cluster.instanceId,
      ...(url ? { dataPlaneUrl: url } : {}),
      startedAt: self.startedAt.toISOString(),
      lastSeen: new Date(now).toISOString(),
      configVersion: self.configVersion(),
    };
    await cluster.redis.hset(key, cluster.instanceId, JSON.stringify(mine));
    const all = Object.entries(await cluster.redis.hgetall(key)).map(([id, text]) => ({ id, seen: JSON.parse(text) as InstanceSeen }));
    const gone = all.filter(({ seen: other }) => now - Date.parse(other.lastSeen) > GONE_AFTER_MS).map(({ id }) => id);
    if (gone.length > 0) await cluster.redis.hdel(key, ...gone);
    seen = all
      .filter(({ id }) => !gone.includes(id))
      .map(({ seen: other }) => other)
      .sort((a, b) => a.id.localeCompare(b.id));
  };
  let running: Promise<void> = beat().catch(() => undefined);
  const repeat = repeatInBackground(clock, HEARTBEAT_MS, () => {
    running = beat().catch(() => undefined);
  });
  return {
    instances: () => seen,
    async stop() {
      repeat.stop();
      await running;
      await cluster.redis.hdel(key, cluster.instanceId).catch(() => undefined);
    },
  };
}

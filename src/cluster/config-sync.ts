import type { Redis } from 'ioredis';
import type { Logger } from '../observe/index.js';
import { luaScript, runScript } from '../state/index.js';
import type { Cluster } from './open-cluster.js';

/** How many cluster versions Redis keeps (newest first), for a look back after an incident. */
const HISTORY = 100;

/**
 * Records a change as the cluster's newest version and tells the other instances, in one step:
 * KEYS: the version counter, the current version, the history list. ARGV: channel, the version's
 * JSON without its number (it is spliced in), history length. Answers the version number.
 */
const PUBLISH = luaScript(`
local seq = redis.call('INCR', KEYS[1])
local doc = '{"seq":' .. seq .. ',' .. string.sub(ARGV[2], 2)
redis.call('SET', KEYS[2], doc)
redis.call('LPUSH', KEYS[3], doc)
redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[3]) - 1)
redis.call('PUBLISH', ARGV[1], doc)
return seq
`);

/** One cluster version: the whole config as applied by `origin`. */
export interface ClusterVersion {
  readonly seq: number;
  readonly origin: string;
  readonly author: string;
  readonly message?: string;
  readonly config: unknown;
}

/** An instance's answer to a cluster version. */
export interface VersionReport {
  readonly seq: number;
  readonly instanceId: string;
  readonly ok: boolean;
  readonly detail?: string;
}

export interface ConfigSyncOptions {
  /** Applies another instance's version through this instance's lifecycle (validated, all or nothing). */
  readonly apply: (version: ClusterVersion) => Promise<{ ok: true } | { ok: false; detail: string }>;
  /** Another instance could not apply a version (this one, or the origin, says so in an event). */
  readonly onReport: (report: VersionReport) => void;
  readonly logger: Logger;
}

export interface ConfigSync {
  /** Shares a change applied here; answers its cluster version number. */
  publish(config: unknown, change: { readonly author: string; readonly message?: string }): Promise<number>;
  /** The newest cluster version this instance applied or published (0: none yet). */
  readonly seq: number;
  close(): Promise<void>;
}

/**
 * Config across instances: a change applied on one instance is stored in Redis as the cluster's
 * newest version and announced by pub/sub; every other instance reads it and applies it through
 * its own lifecycle (so it is validated and compiled there, and applied whole or not at all), then
 * reports the outcome on a second channel and in a hash per version. Notices are only a nudge:
 * an instance always applies the newest stored version, so bursts coalesce, a missed notice (a
 * reconnect) is caught up, and concurrent edits converge on the one Redis numbered last.
 */
export async function startConfigSync(cluster: Cluster, options: ConfigSyncOptions): Promise<ConfigSync> {
  const base = `${cluster.keyPrefix}{config}:`;
  const keys = { seq: `${base}seq`, current: `${base}current`, history: `${base}history` };
  const channels = { versions: `${cluster.keyPrefix}config:versions`, reports: `${cluster.keyPrefix}config:reports` };
  const { redis, instanceId } = cluster;
  let seq = Number((await redis.get(keys.seq).catch(() => null)) ?? 0);
  let queue: Promise<void> = Promise.resolve();

  const report = async (outcome: VersionReport): Promise<void> => {
    const text = JSON.stringify(outcome);
    await redis
      .multi()
      .hset(`${base}reports:${outcome.seq}`, instanceId, text)
      .expire(`${base}reports:${outcome.seq}`, 3600)
      .publish(channels.reports, text)
      .exec()
      .catch((error: unknown) => options.logger.warn({ err: error, seq: outcome.seq }, 'could not report a cluster config version'));
  };

  /** Applies the newest stored version if it is newer than the one this instance serves. */
  const catchUp = (): Promise<void> =>
    (queue = queue.then(async () => {
      const text = await redis.get(keys.current).catch(() => null);
      if (text === null) return;
      const version = JSON.parse(text) as ClusterVersion;
      if (version.seq <= seq) return;
      seq = version.seq;
      if (version.origin === instanceId) return;
      const outcome = await options.apply(version).catch((error: unknown) => ({ ok: false as const, detail: String(error) }));
      if (!outcome.ok) options.logger.warn({ seq: version.seq, origin: version.origin, detail: outcome.detail }, 'a cluster config version was refused here');
      await report({ seq: version.seq, instanceId, ok: outcome.ok, ...(outcome.ok ? {} : { detail: outcome.detail }) });
    }));

  const subscriber = await cluster.connect('config-subscriber');
  subscriber.on('message', (channel: string, message: string) => {
    if (channel === channels.versions) {
      void catchUp();
      return;
    }
    try {
      const received = JSON.parse(message) as VersionReport;
      if (received.instanceId !== instanceId) options.onReport(received);
    } catch {
      // Not ours: someone else publishing on our channel. Nothing to report.
    }
  });
  const subscribe = (connection: Redis) =>
    connection.subscribe(channels.versions, channels.reports).then(
      () => catchUp(),
      () => undefined,
    );
  // After a reconnect (Redis restarted): subscribe again and catch up with what was missed.
  subscriber.on('ready', () => void subscribe(subscriber));
  if (subscriber.status === 'ready') await subscribe(subscriber);

  return {
    async publish(config, change) {
      const body = JSON.stringify({ origin: instanceId, author: change.author, ...(change.message !== undefined ? { message: change.message } : {}), config });
      const published = Number(await runScript(redis, PUBLISH, [keys.seq, keys.current, keys.history], [channels.versions, body, HISTORY]));
      seq = Math.max(seq, published);
      await report({ seq: published, instanceId, ok: true });
      return published;
    },
    get seq() {
      return seq;
    },
    async close() {
      await queue.catch(() => undefined);
    },
  };
}

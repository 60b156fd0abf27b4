import type { ConfigSync, Cluster } from '../cluster/index.js';
import { startConfigSync } from '../cluster/index.js';
import type { EventBus } from '../control/index.js';
import type { Logger } from '../observe/index.js';
import type { ConfigLifecycle } from './config-lifecycle.js';

/**
 * Applies the other instances' config changes through this instance's lifecycle (source
 * `cluster`: validated and compiled here, never written back to a file), and publishes a `warning`
 * event when an instance refuses one: the cluster then serves two configs until it is fixed.
 */
export function followClusterConfig(cluster: Cluster, lifecycle: ConfigLifecycle, bus: EventBus, logger: Logger): Promise<ConfigSync> {
  return startConfigSync(cluster, {
    logger,
    async apply(version) {
      const outcome = await lifecycle.apply(version.config, {
        author: version.author,
        message: version.message ?? `cluster version ${version.seq} from ${version.origin}`,
        source: 'cluster',
      });
      return outcome.ok ? { ok: true } : { ok: false, detail: `${outcome.rejection.code}: ${outcome.rejection.detail}` };
    },
    onReport(report) {
      if (report.ok) return;
      bus.publish({
        type: 'warning',
        data: {
          code: 'CLUSTER_CONFIG_REFUSED',
          message: `instance ${report.instanceId} refused cluster config version ${report.seq} and keeps serving its previous config: ${report.detail ?? 'no detail'}`,
        },
      });
    },
  });
}

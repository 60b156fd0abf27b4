import type { EventBus, VersionStore } from '../../control/index.js';
import type { ConfigAudit, Logger, Metrics } from '../../observe/index.js';
import type { ConfigFileHashes } from '../config-file-hashes.js';
import type { ConfigListener } from '../config-listener.js';
import type { ServedConfig } from '../served-config.js';
import type { ConfigWatcher } from '../watch-config.js';
import { auditListener } from './audit-listener.js';
export { clusterListener } from './cluster-listener.js';
import { eventListener } from './event-listener.js';
import { metricsListener } from './metrics-listener.js';
import { restartNeededListener } from './restart-needed-listener.js';
import { versionListener } from './version-listener.js';
import { watchListener } from './watch-listener.js';
import { writeBackListener } from './write-back-listener.js';

export interface ConfigListenerDeps {
  readonly initial: ServedConfig;
  readonly hashes: ConfigFileHashes;
  readonly versions: VersionStore;
  readonly bus: EventBus;
  readonly metrics: Pick<Metrics, 'configChange' | 'trackSlos'>;
  readonly audit: ConfigAudit;
  readonly logger: Logger;
  /** MimicusOptions.writeBack: false (`npm start`) leaves the config file as it is. */
  readonly writeBack: boolean;
  /** Started after the lifecycle (it reloads through it), hence read late. */
  readonly watcher: () => ConfigWatcher | undefined;
}

/**
 * What follows every config change, in the order it runs: write-back is the last step that may
 * refuse a change (before it serves); the versions listener runs first after it serves, so events
 * and the audit line name the version. A new concern is one more file here and its line below.
 */
export function configListeners(deps: ConfigListenerDeps): ConfigListener[] {
  return [
    writeBackListener({ initial: deps.initial, hashes: deps.hashes, logger: deps.logger, bus: deps.bus, enabled: deps.writeBack }),
    watchListener(deps.watcher),
    versionListener(deps.versions),
    eventListener(deps.bus),
    metricsListener(deps.metrics),
    auditListener(deps.audit, deps.logger),
    restartNeededListener(deps.logger, deps.bus),
  ];
}

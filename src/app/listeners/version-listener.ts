import type { VersionStore } from '../../control/index.js';
import type { ConfigListener } from '../config-listener.js';

/** Records every applied change as a version; the listeners after it read which one. */
export function versionListener(versions: VersionStore): ConfigListener {
  return {
    name: 'versions',
    async onApplied({ next, change }) {
      const version = await versions.record(next.config, { author: change.author, ...(change.message !== undefined ? { message: change.message } : {}) });
      return { version };
    },
  };
}

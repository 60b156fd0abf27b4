import type { ConfigSync } from '../../cluster/index.js';
import type { ConfigListener } from '../config-listener.js';

/**
 * Shares every change applied here with the other instances (state.store redis), except the ones
 * that came from them. A change Redis could not take still serves here, with a warning saying the
 * others do not have it.
 */
export function clusterListener(sync: () => ConfigSync | undefined): ConfigListener {
  return {
    name: 'cluster',
    async onApplied({ change, next }) {
      if (change.source === 'cluster') return undefined;
      const shared = sync();
      if (shared === undefined) return undefined;
      try {
        await shared.publish(next.config, { author: change.author, ...(change.message !== undefined ? { message: change.message } : {}) });
        return undefined;
      } catch {
        return { warning: 'the change serves on this instance only: Redis cannot be reached, so the other instances did not get it' };
      }
    },
  };
}

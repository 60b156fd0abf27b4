import type { EventBus } from '../../control/index.js';
import type { Logger } from '../../observe/index.js';
import type { ConfigListener } from '../config-listener.js';

/** Says, in the log and as a `warning` event, which settings of an applied change wait for a restart. */
export function restartNeededListener(logger: Logger, bus: EventBus): ConfigListener {
  return {
    name: 'restart-needed',
    onApplied({ restartNeeded }) {
      if (restartNeeded.length === 0) return;
      const message = `restart needed: ${restartNeeded.join(' and ')} changed, which applies at the next start; the running server keeps the settings it started with`;
      logger.warn({ settings: restartNeeded }, message);
      bus.publish({ type: 'warning', data: { code: 'RESTART_NEEDED', message } });
    },
  };
}

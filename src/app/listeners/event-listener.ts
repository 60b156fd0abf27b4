import { configChangeEvents, type EventBus } from '../../control/index.js';
import type { ConfigListener } from '../config-listener.js';

/** `config.applied` with the `endpoint.*` / `workflow.*` changes it made, and `config.rejected`, for `GET /api/events`. */
export function eventListener(bus: EventBus): ConfigListener {
  return {
    name: 'events',
    onApplied({ version, change, previous, next, restartNeeded }) {
      bus.publish({
        type: 'config.applied',
        data: {
          ...(version ? { version: version.id, timestamp: version.timestamp, summary: version.summary } : {}),
          author: change.author,
          ...(change.message !== undefined ? { message: change.message } : {}),
          source: change.source,
          ...(restartNeeded.length > 0 ? { restartNeeded } : {}),
        },
      });
      for (const event of configChangeEvents(previous.config, next.config)) bus.publish(event);
    },
    onRejected(change, rejection) {
      bus.publish({ type: 'config.rejected', data: { source: change.source, author: change.author, issues: rejection.issues } });
    },
  };
}

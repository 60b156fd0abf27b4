import type { JournalExchange, JournalRecorder } from '../../observe/index.js';
import type { StatePort } from '../control-port.js';
import type { EventBus } from './event-bus.js';

/** The admin API's state port, publishing `state.changed` for each write it makes. */
export function publishStateChanges(state: StatePort, bus: EventBus): StatePort {
  return {
    ...state,
    list: (scope, options) => state.list(scope, options),
    get: (scope, key) => state.get(scope, key),
    async set(scope, key, value, options) {
      await state.set(scope, key, value, options);
      bus.publish({ type: 'state.changed', data: { action: 'set', scope, key, value } });
    },
    async delete(scope, key) {
      const deleted = await state.delete(scope, key);
      if (deleted) bus.publish({ type: 'state.changed', data: { action: 'delete', scope, key } });
      return deleted;
    },
    async reset(scope) {
      const count = await state.reset(scope);
      bus.publish({ type: 'state.changed', data: { action: 'reset', scope, count } });
      return count;
    },
    async resetWorkflow(workflow, scope) {
      const count = await state.resetWorkflow(workflow, scope);
      bus.publish({ type: 'state.changed', data: { action: 'workflow.reset', workflow, ...(scope !== undefined ? { scope } : {}), count } });
      return count;
    },
    async setWorkflow(workflow, scope, name) {
      await state.setWorkflow(workflow, scope, name);
      bus.publish({ type: 'state.changed', data: { action: 'workflow.set', workflow, scope, value: name } });
    },
  };
}

/**
 * A journal recorder that also publishes `request.completed`. The event holds a handful of scalars
 * and is built only while a client listens, so the request's path stays cheap.
 */
export function publishRequests(journal: JournalRecorder | undefined, bus: EventBus): JournalRecorder {
  return {
    record(exchange: JournalExchange) {
      journal?.record(exchange);
      if (!bus.active) return;
      const endpoint = exchange.applied?.endpointId;
      bus.publish({
        type: 'request.completed',
        data: {
          method: exchange.method,
          path: exchange.path,
          status: exchange.status,
          ...(endpoint !== undefined ? { endpoint } : {}),
          durationMs: Math.round(exchange.completeMs * 1000) / 1000,
          abandoned: exchange.abandoned,
        },
      });
    },
  };
}

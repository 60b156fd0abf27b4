import type { Config } from '../../config/index.js';
import type { JournalExchange, JournalRecorder } from '../../observe/index.js';
import type { ControlPort } from '../control-port.js';
import type { VersionStore } from '../versions/index.js';
import { configChangeEvents } from './config-change-events.js';
import type { EventBus } from './event-bus.js';

/**
 * The version store, publishing `config.applied` and the `endpoint.*`/`workflow.*` changes each time a
 * config is recorded. Every applied change (API, reload, import, restore, watcher) is recorded, so
 * this one place sees them all.
 */
export function publishConfigChanges(versions: VersionStore, bus: EventBus, initial: Config): VersionStore {
  let last = initial;
  return {
    ...versions,
    list: (options) => versions.list(options),
    get: (id) => versions.get(id),
    async record(config, change) {
      const meta = await versions.record(config, change);
      const before = last;
      last = config;
      bus.publish({
        type: 'config.applied',
        data: { version: meta.id, author: meta.author, timestamp: meta.timestamp, summary: meta.summary, ...(meta.message !== undefined ? { message: meta.message } : {}) },
      });
      for (const event of configChangeEvents(before, config)) bus.publish(event);
      return meta;
    },
  };
}

/** The control port, publishing `config.rejected` for refused applies and reloads, and `state.changed` for state writes. */
export function publishControlEvents(port: ControlPort, bus: EventBus): ControlPort {
  const { state } = port;
  return {
    ...port,
    config: () => port.config(),
    validate: (config) => port.validate(config),
    status: () => port.status(),
    async apply(config, change) {
      const outcome = await port.apply(config, change);
      if (!outcome.ok) bus.publish({ type: 'config.rejected', data: { source: 'api', author: change.author, issues: outcome.issues } });
      return outcome;
    },
    async reloadFromFile(change) {
      const outcome = await port.reloadFromFile(change);
      if (outcome && !outcome.ok) bus.publish({ type: 'config.rejected', data: { source: 'file', author: change.author, issues: outcome.issues } });
      return outcome;
    },
    state: {
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

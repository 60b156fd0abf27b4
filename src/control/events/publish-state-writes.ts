import { systemClock, type Clock, type TimerId } from '../../clock/index.js';
import { formatScope, parseStateKey, type StateStore, type StateWrite } from '../../state/index.js';
import type { EventBus } from './event-bus.js';

/** At most this many keys are named in one event; `count` says how many were written in all. */
const MAX_KEYS_PER_EVENT = 50;

export interface StateWritesOptions {
  /** Writes are gathered for this long and published as one event (default 250 ms). */
  readonly intervalMs?: number;
  /** Times the gathering (a background timer); the system clock by default. */
  readonly clock?: Clock;
}

/**
 * The data plane's state store, publishing what requests wrote as `state.changed` events
 * (action `written`). Under load a store takes thousands of writes a second, so they are gathered
 * and published at most every `intervalMs`: one event with the keys written (at most
 * MAX_KEYS_PER_EVENT, newest kept) and their count. With nobody listening it costs one check per write.
 */
export function publishStateWrites(store: StateStore, bus: EventBus, options: StateWritesOptions = {}): StateStore {
  const intervalMs = options.intervalMs ?? 250;
  let pending = new Map<string, 'set' | 'delete'>();
  let count = 0;
  const clock = options.clock ?? systemClock;
  let timer: TimerId | undefined;

  const flush = () => {
    timer = undefined;
    const keys = [...pending].slice(-MAX_KEYS_PER_EVENT).map(([key, action]) => describe(key, action));
    const total = count;
    pending = new Map();
    count = 0;
    bus.publish({ type: 'state.changed', data: { action: 'written', source: 'data-plane', count: total, keys } });
  };
  const note = (key: string, action: 'set' | 'delete') => {
    if (!bus.active) return;
    // Re-inserted so the newest keys are the ones kept when there are too many to name.
    pending.delete(key);
    pending.set(key, action);
    count += 1;
    timer ??= clock.setBackgroundTimeout(flush, intervalMs);
  };
  const noteWrite = (write: StateWrite) => note(write.key, write.kind === 'delete' ? 'delete' : 'set');

  return {
    get: (key) => store.get(key),
    getMany: (keys) => store.getMany(keys),
    list: (prefix, listOptions) => store.list(prefix, listOptions),
    purgeExpired: () => store.purgeExpired(),
    close: () => store.close(),
    async set(key, value, writeOptions) {
      await store.set(key, value, writeOptions);
      note(key, 'set');
    },
    async delete(key) {
      const deleted = await store.delete(key);
      if (deleted) note(key, 'delete');
      return deleted;
    },
    async increment(key, by, writeOptions) {
      const value = await store.increment(key, by, writeOptions);
      note(key, 'set');
      return value;
    },
    async compareAndSet(key, expected, next, writeOptions) {
      const written = await store.compareAndSet(key, expected, next, writeOptions);
      if (written) note(key, 'set');
      return written;
    },
    async deletePrefix(prefix) {
      const removed = await store.deletePrefix(prefix);
      if (removed > 0) note(`${prefix}*`, 'delete');
      return removed;
    },
    async apply(writes) {
      const results = await store.apply(writes);
      for (const write of writes) noteWrite(write);
      return results;
    },
  };
}

/** A stored key as the admin API names state: scope, kind and name (raw key when outside the layout). */
function describe(key: string, action: 'set' | 'delete'): { scope?: string; kind?: string; name: string; action: 'set' | 'delete' } {
  const parsed = parseStateKey(key);
  return parsed ? { scope: formatScope(parsed.scope), kind: parsed.kind, name: parsed.name, action } : { name: key, action };
}

import type { AdminEvent, AdminEventBody } from './admin-event.js';

export type AdminEventListener = (event: AdminEvent) => void;

/**
 * The in-process bus the app publishes admin events to and `GET /api/events` listens on.
 * Publishing is synchronous and costs one check when nobody listens, so the data plane may
 * publish on every request.
 */
export interface EventBus {
  publish(event: AdminEventBody): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: AdminEventListener): () => void;
  /** Whether anybody listens (lets publishers skip building events). */
  readonly active: boolean;
}

export function createEventBus(now: () => number = Date.now): EventBus {
  const listeners = new Set<AdminEventListener>();
  return {
    publish(body) {
      if (listeners.size === 0) return;
      const event = { ...body, time: new Date(now()).toISOString() } as AdminEvent;
      for (const listener of listeners) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get active() {
      return listeners.size > 0;
    },
  };
}

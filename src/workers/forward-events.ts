import type { AdminEvent, AdminEventBody } from '../contract/index.js';
import type { EventBus } from '../control/index.js';
import type { ToPrimary } from './messages.js';

/** A worker's events travel in batches: one IPC message per this long, not one per request served. */
const BATCH_MS = 100;
/**
 * At most this many events per batch (50,000 a second per worker); past it the batch's oldest are
 * dropped and counted. The primary's stream samples request events for its clients anyway; what
 * this bounds is the IPC channel and the primary's memory when a worker serves a flood.
 */
export const MAX_EVENTS_PER_BATCH = 5_000;

/**
 * The data plane's events, which happen in the worker that served the request: requests
 * completed, state written, upstream health and breakers, warnings (Redis). The primary's own
 * events (config changes, endpoints, workflows, metric ticks) are not forwarded: the primary
 * publishes each once.
 */
export const FORWARDED_TYPES: ReadonlySet<string> = new Set([
  'request.completed',
  'state.changed',
  'warning',
  'upstream.health',
  'upstream.breaker',
  'upstream.fallback',
]);

/**
 * A worker's side: while the primary has a client on `GET /api/events` (it says so with
 * `events: on`), this worker listens to its own bus (which makes its publishers build events at
 * all) and sends what it hears to the primary in batches. While nobody listens it does not
 * subscribe, so a worker serving load pays nothing for events.
 */
export function forwardEvents(bus: EventBus, send: (message: ToPrimary) => void) {
  let unsubscribe: (() => void) | undefined;
  let batch: AdminEventBody[] = [];
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    timer = undefined;
    if (batch.length === 0) return;
    send({ t: 'events', list: batch, ...(dropped > 0 ? { dropped } : {}) });
    batch = [];
    dropped = 0;
  };
  const hear = (event: AdminEvent) => {
    if (!FORWARDED_TYPES.has(event.type)) return;
    const { time: _time, ...body } = event;
    if (batch.length >= MAX_EVENTS_PER_BATCH) {
      batch.shift();
      dropped++;
    }
    batch.push(body as AdminEventBody);
    timer ??= setTimeout(flush, BATCH_MS).unref();
  };

  return {
    /** Starts or stops forwarding, as the primary says. */
    set(on: boolean): void {
      if (on && unsubscribe === undefined) unsubscribe = bus.subscribe(hear);
      if (!on && unsubscribe !== undefined) {
        unsubscribe();
        unsubscribe = undefined;
        flush();
      }
    },
  };
}

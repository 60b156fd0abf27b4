import type { AdminEventBody } from '../contract/index.js';
import type { EventBus } from '../control/index.js';
import { FORWARDED_TYPES, MAX_EVENTS_PER_BATCH } from './forward-events.js';
import type { WorkerPool } from './worker-pool.js';

/** A worker's dropped events are said in a warning at most this often. */
const DROPPED_WARNING_MS = 10_000;

/** How often the primary checks whether a client listens on `GET /api/events`: a console sees the workers' events this soon after it connects. */
const CHECK_MS = 250;

/**
 * The primary's side of the workers' events: it tells every worker whether to forward (only while
 * a client listens on the primary's bus: the bus says whether anybody does, it has no notice of
 * it, hence the check), and publishes what they send on its own bus, so `GET /api/events` and the
 * console's live metrics see every worker's requests. Events are stamped with the time the primary
 * publishes them (at most ~100 ms after the worker's).
 */
export function gatherEvents(pool: WorkerPool, bus: () => EventBus | undefined) {
  let forwarding = false;
  let dropped = 0;
  let warnedAt = 0;
  const check = setInterval(() => {
    const wanted = bus()?.active ?? false;
    if (wanted === forwarding) return;
    forwarding = wanted;
    for (const worker of pool.workers()) pool.send(worker, { t: 'events', on: wanted });
  }, CHECK_MS).unref();

  return {
    /** What a starting worker is told with its config. */
    forwarding: () => forwarding,
    /** A worker's batch: published on the primary's bus (anything but the data plane's event types is not a worker's to send). */
    publish(slot: number, list: readonly unknown[], droppedNow = 0): void {
      const target = bus();
      if (target === undefined || !Array.isArray(list)) return;
      dropped += Number.isSafeInteger(droppedNow) && droppedNow > 0 ? droppedNow : 0;
      if (dropped > 0 && Date.now() - warnedAt >= DROPPED_WARNING_MS) {
        warnedAt = Date.now();
        const message = `workers served more than ${MAX_EVENTS_PER_BATCH * 10} requests a second each: ${dropped} of their events were not forwarded (worker ${slot} the latest)`;
        target.publish({ type: 'warning', data: { code: 'WORKER_EVENTS_DROPPED', message } });
        dropped = 0;
      }
      for (const event of list) {
        if (typeof event === 'object' && event !== null && FORWARDED_TYPES.has((event as { type?: string }).type ?? '')) {
          target.publish(event as AdminEventBody);
        }
      }
    },
    stop: () => clearInterval(check),
  };
}

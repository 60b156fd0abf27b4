import type { Clock, TimerId } from '../../clock/index.js';
import type { RingDump } from './event-ring.js';
import type { SloStore } from './slo-store.js';
import { savedKeyOf, type SloTracker } from './slo-tracker.js';

/** How often the windows are saved while running; a clean close saves them too. */
const SAVE_EVERY_MS = 30_000;

export interface SloPersistence {
  /** Settles once the saved windows of the objectives tracked so far are read back (at once when none are tracked). */
  restored(): Promise<void>;
  /** Saves the windows one last time and closes the file. */
  close(): Promise<void>;
}

/**
 * Keeps the SLO windows of `tracker` across restarts in a store (`<dataDir>/slo.sqlite`): opened
 * when the first objective is tracked (a Mimicus without SLOs never opens it), read back into every
 * objective whose key was saved (its kind, owner, objective and threshold), saved every 30 s and at
 * close. Counts since the start are added to those saved: a restart loses at most the last 30 s
 * before a crash, nothing before a clean stop. A store that cannot be opened or written is reported
 * and the windows stay in memory.
 */
export function persistSlos(tracker: SloTracker, open: () => Promise<SloStore>, clock: Clock, onError: (error: Error) => void): SloPersistence {
  let opening: Promise<void> | undefined;
  let store: SloStore | undefined;
  /** Saved windows not yet read back (their objective is not configured, or not yet). */
  let saved = new Map<string, RingDump>();
  let timer: TimerId | undefined;

  const restore = (objective: Parameters<NonNullable<SloTracker['onNewObjective']>>[0]) => {
    const key = savedKeyOf(objective);
    const dump = saved.get(key);
    if (dump === undefined) return;
    saved.delete(key);
    objective.ring.restore(dump, clock.epochMs());
  };
  const save = () => {
    if (store === undefined) return;
    const rings = new Map<string, RingDump>();
    for (const objective of tracker.objectives()) rings.set(savedKeyOf(objective), objective.ring.dump());
    try {
      store.save(rings);
    } catch (error) {
      onError(error as Error);
    }
  };
  const schedule = () => {
    timer = clock.setBackgroundTimeout(() => {
      save();
      schedule();
    }, SAVE_EVERY_MS);
  };

  tracker.onNewObjective = (objective) => {
    if (opening === undefined) {
      opening = open()
        .then((opened) => {
          store = opened;
          saved = opened.load();
          for (const tracked of tracker.objectives()) restore(tracked);
          schedule();
        })
        .catch((error: unknown) => onError(error as Error));
      return;
    }
    restore(objective);
  };

  return {
    restored: () => opening ?? Promise.resolve(),
    async close() {
      await opening;
      if (timer !== undefined) clock.clearTimeout(timer);
      save();
      store?.close();
      store = undefined;
    },
  };
}

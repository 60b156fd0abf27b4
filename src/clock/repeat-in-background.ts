import type { Clock, TimerId } from './clock.js';

/** A repeating background job; `stop` ends it (a job already running finishes). */
export interface BackgroundRepeat {
  stop(): void;
}

/**
 * Runs `job` every `intervalMs` on `clock`'s background timers (they keep no process alive), each
 * run timed from the end of the one before, as purges and flushes want. Errors are the job's own
 * to handle: one that throws still gets its next run.
 */
export function repeatInBackground(clock: Clock, intervalMs: number, job: () => void): BackgroundRepeat {
  let timer: TimerId | undefined;
  let stopped = false;
  const run = () => {
    try {
      job();
    } finally {
      if (!stopped) timer = clock.setBackgroundTimeout(run, intervalMs);
    }
  };
  timer = clock.setBackgroundTimeout(run, intervalMs);
  return {
    stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}

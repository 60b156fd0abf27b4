import type { Clock, TimerId } from '../../clock/index.js';
import type { Random } from '../../distributions/index.js';
import type { ActiveHealthSpec } from '../../plan/index.js';
import type { TargetState } from '../target-state.js';

/** Runs one probe of a target; resolves to healthy or not, never rejects. */
export type Probe = (target: TargetState, signal: AbortSignal) => Promise<boolean>;

export interface ActiveProber {
  /** Starts probing a target (a new one after a config change, too). */
  watch(target: TargetState): void;
  /** Stops probing a target (removed by a config change). */
  unwatch(target: TargetState): void;
  stop(): void;
  /** Resolves when no probe is running (tests step the clock, then wait for this). */
  settled(): Promise<void>;
}

interface Watch {
  timer: TimerId | undefined;
  successes: number;
  failures: number;
  running: Promise<void> | undefined;
  controller: AbortController | undefined;
}

/**
 * Active health checks on the Clock: each target is asked every `intervalMs` (± `jitter`, so the
 * probes of many targets spread), with `timeoutMs` for the answer. `unhealthyAfter` failures in a
 * row take it out of rotation, `healthyAfter` successes in a row bring it back; `changed` is told.
 * The first probe runs at once, so a target that is down at start is out within one timeout.
 */
export function createActiveProber(spec: ActiveHealthSpec, clock: Clock, random: Random, probe: Probe, changed: (target: TargetState) => void): ActiveProber {
  const watches = new Map<TargetState, Watch>();
  let stopped = false;

  const nextDelay = () => spec.intervalMs * (1 + spec.jitter * (2 * random.next() - 1));

  const run = (target: TargetState, watch: Watch) => {
    watch.timer = undefined;
    const controller = new AbortController();
    watch.controller = controller;
    const timeout = clock.setTimeout(() => controller.abort(new Error('health probe timed out')), spec.timeoutMs);
    watch.running = probe(target, controller.signal).then((healthy) => {
      clock.clearTimeout(timeout);
      watch.running = undefined;
      watch.controller = undefined;
      if (stopped || watches.get(target) !== watch) return;
      record(target, watch, healthy && !controller.signal.aborted);
      watch.timer = clock.setTimeout(() => run(target, watch), nextDelay());
    });
  };

  const record = (target: TargetState, watch: Watch, healthy: boolean) => {
    if (healthy) {
      watch.successes++;
      watch.failures = 0;
      if (!target.probedHealthy && watch.successes >= spec.healthyAfter) {
        target.probedHealthy = true;
        changed(target);
      }
    } else {
      watch.failures++;
      watch.successes = 0;
      if (target.probedHealthy && watch.failures >= spec.unhealthyAfter) {
        target.probedHealthy = false;
        changed(target);
      }
    }
  };

  return {
    watch(target) {
      if (stopped || watches.has(target)) return;
      const watch: Watch = { timer: undefined, successes: 0, failures: 0, running: undefined, controller: undefined };
      watches.set(target, watch);
      run(target, watch);
    },
    unwatch(target) {
      const watch = watches.get(target);
      if (watch === undefined) return;
      watches.delete(target);
      if (watch.timer !== undefined) clock.clearTimeout(watch.timer);
      watch.controller?.abort(new Error('target removed'));
    },
    stop() {
      stopped = true;
      for (const target of [...watches.keys()]) this.unwatch(target);
    },
    async settled() {
      for (;;) {
        const running = [...watches.values()].map((watch) => watch.running).filter((p) => p !== undefined);
        if (running.length === 0) return;
        await Promise.all(running);
      }
    },
  };
}

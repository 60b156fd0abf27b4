import type { Clock } from '../../clock/index.js';
import type { OutlierSpec } from '../../plan/index.js';
import type { TargetState } from '../target-state.js';

/** What one forwarded request came to, as outlier detection counts it. */
export type Outcome = 'success' | 'server-error' | 'failure';

export interface OutlierDetector {
  record(target: TargetState, outcome: Outcome): void;
  stop(): void;
}

/**
 * Passive outlier detection (Envoy's): `consecutive5xx` answers ≥ 500, or `consecutiveFailures`
 * connect failures and timeouts, in a row eject a target for baseEjection × (times ejected), at
 * most maxEjection; never more than maxEjectedShare of the targets at once. The ejection ends on
 * the Clock and `changed` is told both ways.
 */
export function createOutlierDetector(
  spec: OutlierSpec,
  targets: () => readonly TargetState[],
  clock: Clock,
  changed: (target: TargetState) => void,
): OutlierDetector {
  const timers = new Set<ReturnType<Clock['setTimeout']>>();

  const eject = (target: TargetState) => {
    const all = targets();
    const ejected = all.reduce((n, t) => n + (t.ejectedUntil > 0 ? 1 : 0), 0);
    if ((ejected + 1) / all.length > spec.maxEjectedShare) return;
    target.ejections++;
    const ms = Math.min(spec.baseEjectionMs * target.ejections, spec.maxEjectionMs);
    target.ejectedUntil = clock.now() + ms;
    target.consecutive5xx = 0;
    target.consecutiveFailures = 0;
    changed(target);
    const timer = clock.setTimeout(() => {
      timers.delete(timer);
      target.ejectedUntil = 0;
      changed(target);
    }, ms);
    timers.add(timer);
  };

  return {
    record(target, outcome) {
      if (outcome === 'success') {
        target.consecutive5xx = 0;
        target.consecutiveFailures = 0;
        return;
      }
      if (target.ejectedUntil > 0) return;
      if (outcome === 'server-error') {
        target.consecutiveFailures = 0;
        if (++target.consecutive5xx >= spec.consecutive5xx) eject(target);
      } else if (++target.consecutiveFailures >= spec.consecutiveFailures) eject(target);
    },
    stop() {
      for (const timer of timers) clock.clearTimeout(timer);
      timers.clear();
    },
  };
}

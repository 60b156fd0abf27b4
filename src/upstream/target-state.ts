import type { TargetSpec } from '../plan/index.js';
import { PeakEwma } from './balancers/peak-ewma.js';

/**
 * One target's runtime state: what balancers read (weight, in-flight count, latency), what health
 * writes (available), and counters. It outlives config changes that keep the target.
 */
export class TargetState {
  spec: TargetSpec;
  /** Requests sent and not finished. */
  inflight = 0;
  /** Smooth weighted round-robin's running weight (nginx's `current_weight`). */
  currentWeight = 0;
  /** In the rotation: healthy by active probes and not ejected by outlier detection. */
  available = true;
  /** Active probes' verdict (true until a probe says otherwise). */
  probedHealthy = true;
  /** Outlier ejection ends at this clock reading; 0 when not ejected. */
  ejectedUntil = 0;
  ejections = 0;
  consecutive5xx = 0;
  consecutiveFailures = 0;
  /** Removed by a config change: takes no new requests, finishes those in flight. */
  draining = false;
  /** Drained through the admin API: out of rotation (even in panic mode) until enabled again. */
  drained = false;
  requests = 0;
  errors = 0;
  /** Forwarded requests by how they ended. */
  readonly outcomes = { complete: 0, failed: 0, reset: 0, abandoned: 0 };
  readonly latency: PeakEwma;

  constructor(
    spec: TargetSpec,
    readonly index: number,
    now: () => number,
  ) {
    this.spec = spec;
    this.latency = new PeakEwma(now);
  }

  get weight(): number {
    return this.spec.weight;
  }
}

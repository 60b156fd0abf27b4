import type { Pool } from 'undici';
import type { Clock } from '../clock/index.js';
import type { Random } from '../distributions/index.js';
import type { UpstreamSpec } from '../plan/index.js';
import type { Balancer } from './balancers/balancer.js';
import { createBalancer } from './balancers/create-balancer.js';
import { createTargetPool } from './create-target-pool.js';
import { createActiveProber, type ActiveProber } from './health/active-prober.js';
import { createOutlierDetector, type OutlierDetector, type Outcome } from './health/outlier-detector.js';
import { probeTarget } from './health/probe-target.js';
import { TargetState } from './target-state.js';

export interface RuntimeUpstreamDeps {
  readonly clock: Clock;
  readonly random: Random;
  /** Told when a target leaves or rejoins the rotation (events, logs). */
  readonly onHealthChange?: (upstream: string, target: TargetState) => void;
}

/**
 * An upstream at run time: its targets' state, one pool per target, the balancer, and health
 * (active probes, outlier ejection). Survives config changes that keep its settings (reconcile).
 */
export class RuntimeUpstream {
  spec: UpstreamSpec;
  targets: TargetState[] = [];
  /** Targets in rotation, recomputed when health or targets change, so picks allocate nothing. */
  available: readonly TargetState[] = [];
  /** Fewer than the panic share healthy: every target is in rotation (Envoy's panic mode). */
  panic = false;
  balancer: Balancer;
  readonly pools = new Map<TargetState, Pool>();
  readonly #prober: ActiveProber | undefined;
  readonly #outliers: OutlierDetector;
  #nextIndex = 0;

  constructor(
    spec: UpstreamSpec,
    private readonly deps: RuntimeUpstreamDeps,
  ) {
    this.spec = spec;
    const changed = (target: TargetState) => {
      this.recompute();
      deps.onHealthChange?.(spec.id, target);
    };
    this.#outliers = createOutlierDetector(spec.outlier, () => this.targets, deps.clock, changed);
    const active = spec.active;
    this.#prober =
      active &&
      createActiveProber(active, deps.clock, deps.random, (target, signal) => probeTarget(this.pools.get(target)!, target.spec, active, signal), changed);
    this.balancer = createBalancer(spec.balance, [], deps.random);
    this.setTargets(spec);
  }

  /**
   * Takes the targets of a spec with the same settings: kept targets keep pool, health and
   * counters; new ones are added; removed ones drain (in-flight requests finish, then the pool closes).
   */
  setTargets(spec: UpstreamSpec): void {
    this.spec = spec;
    const byUrl = new Map(this.targets.map((target) => [target.spec.url, target]));
    const next: TargetState[] = [];
    for (const targetSpec of spec.targets) {
      let target = byUrl.get(targetSpec.url);
      if (target === undefined) {
        target = new TargetState(targetSpec, this.#nextIndex++, () => this.deps.clock.now());
        this.pools.set(target, createTargetPool(targetSpec, spec.pool, spec.tls));
        next.push(target);
        this.#prober?.watch(target);
      } else {
        byUrl.delete(targetSpec.url);
        target.spec = targetSpec;
        next.push(target);
      }
    }
    for (const removed of byUrl.values()) this.#retire(removed);
    this.targets = next;
    this.balancer = createBalancer(spec.balance, next, this.deps.random);
    this.recompute();
  }

  recompute(): void {
    // A drained target is the operator's decision: out of rotation, and not counted either way.
    const serving = this.targets.filter((target) => !target.drained);
    const healthy = serving.filter((target) => target.probedHealthy && target.ejectedUntil === 0);
    for (const target of this.targets) target.available = false;
    this.panic = serving.length > 0 && healthy.length / serving.length < this.spec.outlier.panicShare && healthy.length < serving.length;
    // In panic, every target takes traffic: better some answers than none (Envoy).
    const inRotation = this.panic ? serving : healthy;
    for (const target of inRotation) target.available = true;
    this.available = inRotation;
    this.healthyTargets = healthy.length;
  }

  /** Targets healthy by probes and outlier detection and not drained (recomputed with the rotation). */
  healthyTargets = 0;

  /**
   * Drains (`drained: true`) or enables a target through the admin API: a drained target takes no
   * new request and finishes those in flight. False when there is no target at `index`.
   */
  setDrained(index: number, drained: boolean): TargetState | undefined {
    const target = this.targets[index];
    if (target === undefined) return undefined;
    if (target.drained !== drained) {
      target.drained = drained;
      this.recompute();
      this.deps.onHealthChange?.(this.spec.id, target);
    }
    return target;
  }

  /**
   * Whether one more request may wait for a connection: each target has `pool.connections`
   * connections, so what is in flight beyond them waits; `pool.maxPending` bounds the sum.
   */
  hasRoomFor(target: TargetState): boolean {
    const { connections, maxPending } = this.spec.pool;
    if (target.inflight < connections) return true;
    return this.pending() < maxPending;
  }

  /** Requests waiting for a connection, over every target. */
  pending(): number {
    const { connections } = this.spec.pool;
    let waiting = 0;
    for (const target of this.targets) if (target.inflight > connections) waiting += target.inflight - connections;
    return waiting;
  }

  pick(key: string | undefined): TargetState | undefined {
    return this.balancer.pick(this.available, key);
  }

  record(target: TargetState, outcome: Outcome): void {
    this.#outliers.record(target, outcome);
  }

  /** Probes finished (tests step the clock, then wait for this). */
  probesSettled(): Promise<void> {
    return this.#prober?.settled() ?? Promise.resolve();
  }

  /** Stops health checks and closes every pool once its requests are done. */
  async close(): Promise<void> {
    this.#prober?.stop();
    this.#outliers.stop();
    await Promise.all(this.targets.map((target) => this.#retire(target)));
    this.targets = [];
    this.available = [];
  }

  #retire(target: TargetState): Promise<void> {
    target.draining = true;
    target.available = false;
    this.#prober?.unwatch(target);
    const pool = this.pools.get(target);
    this.pools.delete(target);
    // close() lets requests in flight finish; only then are the connections ended.
    return pool ? pool.close().catch(() => undefined) : Promise.resolve();
  }
}

import type { Clock } from '../clock/index.js';
import type { UpstreamHealth, UpstreamStatus } from '../contract/index.js';
import { createRandom } from '../distributions/index.js';
import type { Plan, UpstreamSpec } from '../plan/index.js';
import { RuntimeUpstream } from './runtime-upstream.js';
import type { TargetState } from './target-state.js';
import { targetHealth, upstreamStatus } from './upstream-status.js';

export interface UpstreamRegistryOptions {
  readonly clock: Clock;
  /** Seeds the balancers' and probes' PRNG (server.seed), so runs replay. */
  readonly seed: number;
  /** Told when a target leaves or rejoins the rotation (probes, ejection, drain): the `upstream.health` event. */
  readonly onHealthChange?: (change: UpstreamHealth) => void;
}

/**
 * The upstreams at run time, by id. `reconcile` brings them to a Plan's specs: an upstream whose
 * settings did not change keeps its pools, health state and counters (its targets are updated in
 * place); a changed one is rebuilt; a removed one drains. Requests in flight always finish.
 */
export class UpstreamRegistry {
  readonly #byId = new Map<string, RuntimeUpstream>();
  readonly #random;

  constructor(private readonly options: UpstreamRegistryOptions) {
    this.#random = createRandom(options.seed);
  }

  get(id: string): RuntimeUpstream | undefined {
    return this.#byId.get(id);
  }

  ids(): string[] {
    return [...this.#byId.keys()];
  }

  /** Every upstream's targets, health and counters, in config order. */
  status(): UpstreamStatus[] {
    return [...this.#byId.values()].map((upstream) => upstreamStatus(upstream, this.options.clock));
  }

  /**
   * Drains or enables target `index` of upstream `id` (the admin API's drain and enable); what it
   * looks like after, or which of the two was not found.
   */
  setDrained(id: string, index: number, drained: boolean): UpstreamStatus | 'no-upstream' | 'no-target' {
    const upstream = this.#byId.get(id);
    if (upstream === undefined) return 'no-upstream';
    if (upstream.setDrained(index, drained) === undefined) return 'no-target';
    return upstreamStatus(upstream, this.options.clock);
  }

  readonly #healthChanged = (id: string, target: TargetState): void => {
    const upstream = this.#byId.get(id);
    const notify = this.options.onHealthChange;
    if (upstream === undefined || notify === undefined) return;
    notify({
      upstream: id,
      target: target.spec.url,
      index: upstream.targets.indexOf(target),
      health: targetHealth(target),
      available: target.available,
      ejections: target.ejections,
      healthyTargets: upstream.healthyTargets,
    });
  };

  /** Brings the running upstreams to a Plan's (called by the app before it swaps the Plan in). */
  reconcile(plan: Pick<Plan, 'upstreams'>): void {
    const specs: readonly UpstreamSpec[] = plan.upstreams;
    const wanted = new Set(specs.map((spec) => spec.id));
    for (const [id, upstream] of this.#byId) {
      if (!wanted.has(id)) {
        this.#byId.delete(id);
        void upstream.close();
      }
    }
    for (const spec of specs) {
      const current = this.#byId.get(spec.id);
      if (current !== undefined && current.spec.fingerprint === spec.fingerprint) {
        if (!sameTargets(current.spec, spec)) current.setTargets(spec);
        continue;
      }
      if (current !== undefined) void current.close();
      this.#byId.set(spec.id, new RuntimeUpstream(spec, { clock: this.options.clock, random: this.#random, onHealthChange: this.#healthChanged }));
    }
  }

  async close(): Promise<void> {
    const all = [...this.#byId.values()];
    this.#byId.clear();
    await Promise.all(all.map((upstream) => upstream.close()));
  }
}

function sameTargets(a: UpstreamSpec, b: UpstreamSpec): boolean {
  return a.targets.length === b.targets.length && a.targets.every((target, i) => target.url === b.targets[i]!.url && target.weight === b.targets[i]!.weight);
}

import type { Clock } from '../clock/index.js';
import { createRandom } from '../distributions/index.js';
import type { Plan, UpstreamSpec } from '../plan/index.js';
import { RuntimeUpstream } from './runtime-upstream.js';
import type { TargetState } from './target-state.js';

export interface UpstreamRegistryOptions {
  readonly clock: Clock;
  /** Seeds the balancers' and probes' PRNG (server.seed), so runs replay. */
  readonly seed: number;
  readonly onHealthChange?: (upstream: string, target: TargetState) => void;
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
      this.#byId.set(spec.id, new RuntimeUpstream(spec, { clock: this.options.clock, random: this.#random, onHealthChange: this.options.onHealthChange }));
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

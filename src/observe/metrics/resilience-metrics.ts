import { Counter, Gauge, type Registry } from 'prom-client';
import { metricDefinitions as defs } from './definitions.js';

/** What the upstream policies report at scrape time (upstream/policies keeps the numbers). */
export interface ResilienceReading {
  /** Per upstream, what its policies did since start, by action (retry, hedge, fallback…). */
  readonly actions: ReadonlyMap<string, Readonly<Record<string, number>>>;
  /** The breaker of each upstream target that has one: 0 closed, 1 half-open, 2 open. */
  readonly breakers: readonly { readonly upstream: string; readonly target: string; readonly state: number }[];
}

/** Registers the resilience counter and breaker gauge, read from `read()` at each scrape. */
export function registerResilienceMetrics(registry: Registry, read: () => ResilienceReading | undefined): void {
  const seen = new Map<string, number>();
  new Counter({
    ...defs.upstreamResilience,
    labelNames: [...defs.upstreamResilience.labelNames],
    registers: [registry],
    collect() {
      for (const [upstream, actions] of read()?.actions ?? []) {
        for (const [action, count] of Object.entries(actions)) {
          const key = `${upstream}\u0000${action}`;
          const before = seen.get(key) ?? 0;
          if (count > before) this.inc({ upstream, action }, count - before);
          seen.set(key, count);
        }
      }
    },
  });
  new Gauge({
    ...defs.upstreamBreakerState,
    labelNames: [...defs.upstreamBreakerState.labelNames],
    registers: [registry],
    collect() {
      this.reset();
      for (const { upstream, target, state } of read()?.breakers ?? []) this.set({ upstream, target }, state);
    },
  });
}

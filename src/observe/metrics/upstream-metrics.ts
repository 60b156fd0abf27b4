import { Counter, Gauge, type Registry } from 'prom-client';
import type { UpstreamAttempt, UpstreamStatus } from '../../contract/index.js';
import { metricDefinitions as defs } from './definitions.js';
import { HistogramCells, type HistogramCell } from './histogram-cells.js';

/** What the request's path touches per upstream target: outcome counts and the duration cell. */
interface TargetCells {
  readonly outcomes: Map<string, { readonly labels: Record<string, string>; count: number; flushed: number }>;
  readonly duration: HistogramCell;
}

export interface UpstreamMetrics {
  /** A forwarded request's journal field (O(1), cells cached per upstream and target). */
  record(attempt: UpstreamAttempt): void;
  /** Where health, in-flight, pending and ejections are read at scrape time (the app hands the registry's status). */
  watch(source: () => readonly UpstreamStatus[]): void;
}

const NO_TARGET = '(none)';

/**
 * Per-upstream and per-target metrics: counters and the duration histogram are recorded from each
 * forwarded request's journal field; the gauges (health, in flight, pending) and the ejection
 * counter are read from the upstreams' own state when Prometheus scrapes, so forwarding pays nothing for them.
 * Label values are upstream ids and target URLs of the config: bounded by it.
 */
export function createUpstreamMetrics(registry: Registry): UpstreamMetrics {
  const registers = [registry];
  const cells = new Map<string, Map<string, TargetCells>>();
  const duration = new HistogramCells(defs.upstreamDuration.name, defs.upstreamDuration.help, defs.upstreamDuration.buckets, registry);
  let source: () => readonly UpstreamStatus[] = () => [];
  const ejectionsSeen = new Map<string, number>();

  const cellsOf = (upstream: string, target: string): TargetCells => {
    let byTarget = cells.get(upstream);
    if (byTarget === undefined) cells.set(upstream, (byTarget = new Map()));
    let found = byTarget.get(target);
    if (found === undefined) byTarget.set(target, (found = { outcomes: new Map(), duration: duration.cell({ upstream, target }) }));
    return found;
  };

  new Counter({
    name: defs.upstreamRequests.name,
    help: defs.upstreamRequests.help,
    labelNames: [...defs.upstreamRequests.labelNames],
    registers,
    collect() {
      for (const byTarget of cells.values()) {
        for (const target of byTarget.values()) {
          for (const cell of target.outcomes.values()) {
            if (cell.count === cell.flushed) continue;
            this.inc(cell.labels, cell.count - cell.flushed);
            cell.flushed = cell.count;
          }
        }
      }
    },
  });
  const gauge = (
    definition: { name: string; help: string; labelNames: readonly string[] },
    read: (gauge: Gauge, upstreams: readonly UpstreamStatus[]) => void,
  ) =>
    new Gauge({
      name: definition.name,
      help: definition.help,
      labelNames: [...definition.labelNames],
      registers,
      collect() {
        // Removed upstreams and targets leave the exposition with the config that had them.
        this.reset();
        read(this, source());
      },
    });
  gauge(defs.upstreamInflight, (g, upstreams) => {
    for (const u of upstreams) for (const t of u.targets) g.set({ upstream: u.id, target: t.url }, t.inflight);
  });
  gauge(defs.upstreamTargetUp, (g, upstreams) => {
    for (const u of upstreams) for (const t of u.targets) g.set({ upstream: u.id, target: t.url }, t.health === 'healthy' ? 1 : 0);
  });
  gauge(defs.upstreamHealthyTargets, (g, upstreams) => {
    for (const u of upstreams) g.set({ upstream: u.id }, u.healthyTargets);
  });
  gauge(defs.upstreamPending, (g, upstreams) => {
    for (const u of upstreams) g.set({ upstream: u.id }, u.pending);
  });
  new Counter({
    name: defs.upstreamEjections.name,
    help: defs.upstreamEjections.help,
    labelNames: [...defs.upstreamEjections.labelNames],
    registers,
    collect() {
      for (const u of source()) {
        for (const t of u.targets) {
          const key = `${u.id}\n${t.url}`;
          const seen = ejectionsSeen.get(key) ?? 0;
          // A rebuilt upstream starts counting again: only growth is added.
          this.inc({ upstream: u.id, target: t.url }, Math.max(0, t.ejections - seen));
          ejectionsSeen.set(key, t.ejections);
        }
      }
    },
  });

  return {
    record(attempt) {
      const target = cellsOf(attempt.upstream, attempt.target === '' ? NO_TARGET : attempt.target);
      let outcome = target.outcomes.get(attempt.outcome);
      if (outcome === undefined) {
        outcome = {
          labels: { upstream: attempt.upstream, target: attempt.target === '' ? NO_TARGET : attempt.target, outcome: attempt.outcome },
          count: 0,
          flushed: 0,
        };
        target.outcomes.set(attempt.outcome, outcome);
      }
      outcome.count++;
      if (attempt.upstreamMs >= 0) duration.observe(target.duration, attempt.upstreamMs / 1000);
    },
    watch(read) {
      source = read;
    },
  };
}

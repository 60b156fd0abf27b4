import { Counter, Gauge, type Registry } from 'prom-client';
import type { SloTracker, TrackedObjective } from '../slo/index.js';
import { metricDefinitions as defs } from './definitions.js';

/**
 * The SLO series, read from the tracker at scrape time (the request's path only bumps its numbers).
 * The counters are what alert rules should use (rate() over them survives restarts and sums across
 * `serve --workers`); the gauges are this process's own view of the window, for dashboards.
 */
export function registerSloMetrics(registry: Registry, tracker: SloTracker, nowMs: () => number): void {
  const registers = [registry];
  const labelsOf = (o: TrackedObjective) => ({ kind: o.kind, id: o.id, objective: o.name });
  // What each objective's totals were flushed at (a reloaded objective keeps its totals object).
  const flushed = new WeakMap<TrackedObjective['totals'], { requests: number; bad: number }>();
  const flush = (pick: 'requests' | 'bad', counter: Counter) => {
    for (const objective of tracker.objectives()) {
      const totals = objective.totals;
      let seen = flushed.get(totals);
      if (seen === undefined) flushed.set(totals, (seen = { requests: 0, bad: 0 }));
      // Listed at 0 too, so `rate()` has a series to read before the first bad request.
      counter.inc(labelsOf(objective), totals[pick] - seen[pick]);
      seen[pick] = totals[pick];
    }
  };
  new Counter({
    ...defs.sloRequests,
    labelNames: [...defs.sloRequests.labelNames],
    registers,
    collect() {
      flush('requests', this);
    },
  });
  new Counter({
    ...defs.sloErrors,
    labelNames: [...defs.sloErrors.labelNames],
    registers,
    collect() {
      flush('bad', this);
    },
  });
  new Gauge({
    ...defs.sloObjective,
    labelNames: [...defs.sloObjective.labelNames],
    registers,
    // The same target in every worker process.
    aggregator: 'max',
    collect() {
      this.reset();
      for (const objective of tracker.objectives()) this.set(labelsOf(objective), objective.target);
    },
  });
  // Under `serve --workers` these average the processes' own views (exact when the kernel spreads the load evenly).
  const windowGauges = (definition: typeof defs.sloSli | typeof defs.sloBudgetRemaining | typeof defs.sloBurnRate, fill: (gauge: Gauge) => void) =>
    new Gauge({
      ...definition,
      labelNames: [...definition.labelNames],
      registers,
      aggregator: 'average',
      collect() {
        this.reset();
        fill(this);
      },
    });
  const rows = () => tracker.read(nowMs());
  windowGauges(defs.sloSli, (gauge) => {
    for (const row of rows()) if (row.sli !== undefined) gauge.set({ kind: row.kind, id: row.id, objective: row.objective }, row.sli);
  });
  windowGauges(defs.sloBudgetRemaining, (gauge) => {
    for (const row of rows()) gauge.set({ kind: row.kind, id: row.id, objective: row.objective }, row.errorBudgetRemaining);
  });
  windowGauges(defs.sloBurnRate, (gauge) => {
    for (const row of rows()) {
      for (const window of ['1h', '6h'] as const) gauge.set({ kind: row.kind, id: row.id, objective: row.objective, window }, row.burnRate[window]);
    }
  });
}

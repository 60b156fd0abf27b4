import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { JournalExchange } from '../journal/index.js';
import { createProcessSampler } from './cpu-monitor.js';
import { metricDefinitions as defs, UNMATCHED_ENDPOINT } from './definitions.js';
import { registerResilienceMetrics, type ResilienceReading } from './resilience-metrics.js';
import { HistogramCells, type HistogramCell } from './histogram-cells.js';
import { createUpstreamMetrics, type UpstreamMetrics } from './upstream-metrics.js';

/** A counter series kept as a plain number on the request's path and handed to prom-client at scrape time. */
interface CounterCell {
  readonly labels: Record<string, string>;
  count: number;
  flushed: number;
}

/** What is cached per endpoint id: its label object and its cells, so recording builds no strings. */
interface EndpointCells {
  readonly labels: { readonly endpoint: string };
  readonly duration: HistogramCell;
  /** Absent for `(unmatched)`. */
  readonly delay: HistogramCell | undefined;
  /** method → status → cell */
  readonly requests: Map<string, Map<number, CounterCell>>;
  /** fault kind → cell */
  readonly faults: Map<string, CounterCell>;
}

export interface PrometheusMetrics {
  /** Mimicus's own registry (never prom-client's global one: two instances in one process do not collide). */
  readonly registry: Registry;
  record(exchange: JournalExchange): void;
  configChange(result: 'applied' | 'rejected'): void;
  countJournalDrops(dropped: () => number): void;
  watchRedis(read: () => { up: boolean; fallbacks: number }): void;
  countResilience(read: () => ResilienceReading): void;
  connectionOpened(): void;
  connectionClosed(): void;
  cpuWarning(thresholdPercent: number): void;
  readonly upstreams: UpstreamMetrics;
}

const cell = (labels: Record<string, string>): CounterCell => ({ labels, count: 0, flushed: 0 });

/** Adds what each cell counted since the previous scrape. */
function flushInto(counter: Counter, cells: Iterable<CounterCell>): void {
  for (const c of cells) {
    if (c.count === c.flushed) continue;
    counter.inc(c.labels, c.count - c.flushed);
    c.flushed = c.count;
  }
}

/**
 * The Prometheus metrics of one Mimicus (definitions.ts names them). What the request's path touches
 * are cells cached per label set: counters are plain numbers flushed into prom-client when scraped,
 * histograms are HistogramCells. Unmatched requests share one `(unmatched)` series.
 */
export function createPrometheusMetrics(): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const endpoints = new Map<string, EndpointCells>();
  const buckets = new Map<string, CounterCell>();
  const unmatched = cell({});
  const requestCells = function* (): Generator<CounterCell> {
    for (const cells of endpoints.values()) for (const byStatus of cells.requests.values()) yield* byStatus.values();
  };
  const faultCells = function* (): Generator<CounterCell> {
    for (const cells of endpoints.values()) yield* cells.faults.values();
  };

  const registers = [registry];
  const counter = (definition: { name: string; help: string; labelNames: readonly string[] }, cells: () => Iterable<CounterCell>) =>
    new Counter({
      name: definition.name,
      help: definition.help,
      labelNames: [...definition.labelNames],
      registers,
      collect() {
        flushInto(this, cells());
      },
    });
  counter(defs.requests, requestCells);
  counter(defs.faults, faultCells);
  counter(defs.rateLimited, () => buckets.values());
  counter(defs.unmatched, () => [unmatched]);
  const duration = new HistogramCells(defs.requestDuration.name, defs.requestDuration.help, defs.requestDuration.buckets, registry);
  const delay = new HistogramCells(defs.injectedDelay.name, defs.injectedDelay.help, defs.injectedDelay.buckets, registry);
  const reloads = new Counter({ ...defs.configReloads, labelNames: [...defs.configReloads.labelNames], registers });
  // Both results are exported from the start, so `increase(...{result="rejected"})` has a series to read.
  reloads.inc({ result: 'applied' }, 0);
  reloads.inc({ result: 'rejected' }, 0);
  // The journal keeps its own count; the counter takes what it grew by since the previous scrape.
  let journalDrops: () => number = () => 0;
  let journalDropsSeen = 0;
  new Counter({
    ...defs.journalDropped,
    labelNames: [],
    registers,
    collect() {
      const now = journalDrops();
      if (now > journalDropsSeen) this.inc(now - journalDropsSeen);
      journalDropsSeen = now;
    },
  });
  // With Redis: whether it answers and how many rate-limit decisions fell back to local buckets, read at scrape time.
  let redis: (() => { up: boolean; fallbacks: number }) | undefined;
  let fallbacksSeen = 0;
  new Gauge({
    ...defs.redisUp,
    labelNames: [],
    registers,
    collect() {
      if (redis) this.set(redis().up ? 1 : 0);
    },
  });
  new Counter({
    ...defs.rateLimitFallbacks,
    labelNames: [],
    registers,
    collect() {
      const now = redis?.().fallbacks ?? 0;
      if (now > fallbacksSeen) this.inc(now - fallbacksSeen);
      fallbacksSeen = now;
    },
  });
  let resilience: (() => ResilienceReading) | undefined;
  registerResilienceMetrics(registry, () => resilience?.());
  const connections = new Gauge({ ...defs.activeConnections, labelNames: [], registers });
  const cpuWarnings = new Counter({ ...defs.cpuWarnings, labelNames: [...defs.cpuWarnings.labelNames], registers });

  // CPU and event-loop utilization between two scrapes (prom-client's defaults add the loop's delay).
  const sinceLastScrape = { elu: createProcessSampler(), cpu: createProcessSampler() };
  new Gauge({
    ...defs.eventLoopUtilization,
    labelNames: [],
    registers,
    // Summed across `serve --workers` processes it would pass 1: the average reads as one loop's.
    aggregator: 'average',
    collect() {
      this.set(sinceLastScrape.elu().elu);
    },
  });
  new Gauge({
    ...defs.cpuPercent,
    labelNames: [],
    registers,
    collect() {
      this.set(sinceLastScrape.cpu().cpuPercent);
    },
  });

  const upstreams = createUpstreamMetrics(registry);

  const cellsOf = (endpoint: string): EndpointCells => {
    let cells = endpoints.get(endpoint);
    if (cells === undefined) {
      const labels = { endpoint };
      // Unmatched requests have no injected delay: their series is not created.
      cells = {
        labels,
        duration: duration.cell(labels),
        delay: endpoint === UNMATCHED_ENDPOINT ? undefined : delay.cell(labels),
        requests: new Map(),
        faults: new Map(),
      };
      endpoints.set(endpoint, cells);
    }
    return cells;
  };

  const requestCell = (cells: EndpointCells, method: string, status: number): CounterCell => {
    let byStatus = cells.requests.get(method);
    if (byStatus === undefined) cells.requests.set(method, (byStatus = new Map()));
    let found = byStatus.get(status);
    if (found === undefined) byStatus.set(status, (found = cell({ endpoint: cells.labels.endpoint, method, status: String(status) })));
    return found;
  };

  return {
    registry,
    upstreams,
    record(exchange) {
      const applied = exchange.applied;
      if (applied?.upstream !== undefined) upstreams.record(applied.upstream);
      const endpointId = applied?.endpointId;
      const cells = cellsOf(endpointId ?? UNMATCHED_ENDPOINT);
      // Unmatched requests come in with any method; one series per method of theirs is still bounded
      // (node:http accepts a fixed list of methods).
      requestCell(cells, exchange.method, exchange.status).count++;
      if (!exchange.abandoned) duration.observe(cells.duration, exchange.completeMs / 1000);
      if (applied === undefined) return;
      if (endpointId === undefined) {
        if (applied.nearMisses !== undefined) unmatched.count++;
        return;
      }
      if (cells.delay) delay.observe(cells.delay, applied.delayMs / 1000);
      if (applied.faultKind !== undefined) {
        let fault = cells.faults.get(applied.faultKind);
        if (fault === undefined) cells.faults.set(applied.faultKind, (fault = cell({ endpoint: endpointId, kind: applied.faultKind })));
        fault.count++;
      }
      if (applied.rateLimitBucket !== undefined) {
        let bucket = buckets.get(applied.rateLimitBucket);
        if (bucket === undefined) buckets.set(applied.rateLimitBucket, (bucket = cell({ bucket: applied.rateLimitBucket })));
        bucket.count++;
      }
    },
    configChange: (result) => reloads.inc({ result }),
    countJournalDrops(dropped) {
      journalDrops = dropped;
    },
    watchRedis(read) {
      redis = read;
    },
    countResilience(read) {
      resilience = read;
    },
    connectionOpened: () => connections.inc(),
    connectionClosed: () => connections.dec(),
    cpuWarning: (thresholdPercent) => cpuWarnings.inc({ threshold: String(thresholdPercent) }),
  };
}

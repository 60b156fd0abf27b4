import type { ResilienceReading } from './resilience-metrics.js';
import type { Config } from '../../config/index.js';
import type { UpstreamStatus } from '../../contract/index.js';
import { parseDurationMs } from '../../config/index.js';
import type { JournalExchange, JournalRecorder } from '../journal/index.js';
import type { Logger } from '../logger.js';
import { describeCpuWarning, startCpuMonitor, type CpuMonitor } from './cpu-monitor.js';
import type { CpuSample, CpuWarningChange } from './cpu-warnings.js';
import type { MetricsPort, MetricsSnapshot } from './metrics-port.js';
import { exportMetrics } from './metrics-export.js';
import { createMetricsSummary } from './metrics-summary.js';
import { createPrometheusMetrics, type PrometheusMetrics } from './prometheus-metrics.js';
import { systemClock, type Clock } from '../../clock/index.js';
import { createSloTracker, persistSlos, type SloDefinition, type SloStore } from '../slo/index.js';
import { registerSloMetrics } from './slo-metrics.js';

type ObservabilityConfig = NonNullable<Config['observability']>;

const DEFAULT_THRESHOLDS = [80, 90, 100];

/** Metrics and CPU warnings of one Mimicus, as the composition root wires them. */
export interface Metrics {
  /** What the admin API serves; undefined with `metrics: false` (the routes answer 404 METRICS_DISABLED). */
  readonly port: MetricsPort | undefined;
  /** `next` wrapped so every finished exchange is counted too (O(1)); `next` itself with `metrics: false`. */
  recorder(next: JournalRecorder): JournalRecorder;
  configChange(result: 'applied' | 'rejected'): void;
  /** Reads the journal's count of entries it did not persist (`mimicus_journal_dropped_total`), at scrape time. */
  countJournalDrops(dropped: () => number): void;
  /** With Redis: reads whether it answers and the rate-limit fallbacks so far (`mimicus_redis_up`, …), at scrape time. */
  watchRedis(read: () => { up: boolean; fallbacks: number }): void;
  /** Reads what the upstream resilience policies did (`mimicus_upstream_resilience_total`, breaker states), at scrape time. */
  countResilience(read: () => ResilienceReading): void;
  /** The data plane's connection hooks (the active-connections gauge); undefined with `metrics: false`. */
  readonly connections: { opened(): void; closed(): void } | undefined;
  /** Reads the upstreams' health, in-flight and pending counts at scrape time (the upstream gauges). */
  watchUpstreams(source: () => readonly UpstreamStatus[]): void;
  /** Follows the `slo:` blocks of the Plan serving now (docs/slo.md); a no-op with `metrics: false`. */
  trackSlos(slos: readonly SloDefinition[]): void;
  /** Stops the CPU sampler. */
  /** Settles once the SLO windows saved in the data dir are read back (start-up waits for it before serving). */
  slosRestored(): Promise<void>;
  /** Stops the CPU monitor and saves the SLO windows. */
  close(): Promise<void>;
}

export interface MetricsOptions {
  readonly logger: Logger;
  /** Called for every CPU warning raised or cleared (the app publishes it as a `warning` event). */
  readonly onCpuWarning?: (change: CpuWarningChange, message: string) => void;
  /** Replaces the process sampler (tests). */
  readonly sample?: () => CpuSample;
  /** Where the SLO windows read the time (tests: a ManualClock); the system clock by default. */
  readonly clock?: Clock;
  /** Opens where the SLO windows are kept across restarts (`<dataDir>/slo.sqlite`); absent: memory only (`dataDir: false`). */
  readonly sloStore?: () => Promise<SloStore>;
}

/** `observability.cpuWarnings` with its defaults applied, or undefined when turned off. */
export function cpuWarningSettings(
  config: ObservabilityConfig['cpuWarnings'],
): { thresholdsPercent: number[]; sustainMs: number; intervalMs: number } | undefined {
  if (config === false) return undefined;
  return {
    thresholdsPercent: config?.thresholds ?? DEFAULT_THRESHOLDS,
    sustainMs: parseDurationMs(config?.sustain ?? '3s'),
    intervalMs: Math.max(10, parseDurationMs(config?.interval ?? '1s')),
  };
}

/**
 * Builds the metrics `observability` asks for (read once, at start): Prometheus metrics and the
 * windowed summary unless `metrics: false`, and the CPU monitor unless `cpuWarnings: false`.
 */
export function createMetrics(config: Config['observability'], options: MetricsOptions): Metrics {
  const enabled = config?.metrics !== false;
  const prometheus: PrometheusMetrics | undefined = enabled ? createPrometheusMetrics() : undefined;
  const summary = enabled ? createMetricsSummary() : undefined;
  const clock = options.clock ?? systemClock;
  const slos = enabled ? createSloTracker() : undefined;
  if (prometheus && slos) registerSloMetrics(prometheus.registry, slos, () => clock.epochMs());
  const sloPersistence =
    slos && options.sloStore
      ? persistSlos(slos, options.sloStore, clock, (error) =>
          options.logger.warn({ err: error }, 'the SLO windows cannot be kept in the data dir; they are counted in memory'),
        )
      : undefined;
  const cpu = cpuWarningSettings(config?.cpuWarnings);
  const monitor: CpuMonitor | undefined = cpu
    ? startCpuMonitor({
        ...cpu,
        logger: options.logger,
        ...(options.sample ? { sample: options.sample } : {}),
        onChange(change) {
          if (change.state === 'raised') prometheus?.cpuWarning(change.thresholdPercent);
          options.onCpuWarning?.(change, describeCpuWarning(change, cpu.sustainMs));
        },
      })
    : undefined;

  const snapshot = (): MetricsSnapshot => ({ ...snapshotRest(), windows: summary!.read() });
  const snapshotRest = (): Omit<MetricsSnapshot, 'windows'> => ({
    generatedAt: new Date().toISOString(),
    current: summary!.current(),
    ...(monitor ? { process: monitor.latest() } : {}),
    warnings: (monitor?.active() ?? []).map((warning) => ({
      code: 'CPU_SATURATED' as const,
      thresholdPercent: warning.thresholdPercent,
      since: new Date(warning.sinceMs).toISOString(),
      cpuPercent: warning.cpuPercent,
      elu: warning.elu,
      message: describeCpuWarning({ state: 'raised', ...warning }, cpu!.sustainMs),
    })),
    ...slos!.snapshotPart(clock.epochMs()),
  });

  return {
    port:
      prometheus && summary
        ? {
            prometheus: async () => ({ contentType: prometheus.registry.contentType, body: await prometheus.registry.metrics() }),
            prometheusJson: () => prometheus.registry.getMetricsAsJSON(),
            snapshot,
            export: () => exportMetrics(summary.collect(), snapshotRest()),
          }
        : undefined,
    recorder(next) {
      if (!prometheus || !summary) return next;
      return {
        record(exchange: JournalExchange) {
          prometheus.record(exchange);
          summary.record(exchange);
          slos!.record(exchange);
          next.record(exchange);
        },
      };
    },
    configChange: (result) => prometheus?.configChange(result),
    countJournalDrops: (dropped) => prometheus?.countJournalDrops(dropped),
    watchRedis: (read) => prometheus?.watchRedis(read),
    countResilience: (read) => prometheus?.countResilience(read),
    connections: prometheus ? { opened: () => prometheus.connectionOpened(), closed: () => prometheus.connectionClosed() } : undefined,
    watchUpstreams: (source) => prometheus?.upstreams.watch(source),
    trackSlos: (defined) => slos?.configure(defined),
    slosRestored: () => sloPersistence?.restored() ?? Promise.resolve(),
    async close() {
      monitor?.stop();
      await sloPersistence?.close();
    },
  };
}

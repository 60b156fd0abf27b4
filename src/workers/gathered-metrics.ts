import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { mergeMetricsExports, snapshotOfExports, type MetricsExport, type MetricsPort } from '../observe/index.js';
import type { WorkerPool } from './worker-pool.js';

type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

/**
 * The primary's metrics under `serve --workers`: gathered from every worker when read (a worker
 * that does not answer within `timeoutMs` is left out). Prometheus series are summed by
 * prom-client's AggregatorRegistry (counters and histogram buckets exactly) with the primary's own
 * (config reloads, its process); the JSON summary merges the workers' windows with their HDR histograms (exact percentiles).
 */
export function gatheredMetrics(local: MetricsPort, pool: WorkerPool, timeoutMs: number): MetricsPort {
  const aggregate = async () => {
    const answers = await pool.askAll('metrics-json', undefined, timeoutMs);
    const parts = [await local.prometheusJson(), ...answers.filter((a) => Array.isArray(a.value)).map((a) => a.value as MetricsJson)];
    return AggregatorRegistry.aggregate(parts);
  };
  // Windows with their HDR histograms: merged bucket by bucket, so the percentiles are exact.
  const exports = async (): Promise<MetricsExport[]> => {
    const answers = await pool.askAll('metrics-export', undefined, timeoutMs);
    return answers.map((a) => a.value).filter((value): value is MetricsExport => typeof value === 'object' && value !== null);
  };
  return {
    async prometheus() {
      const registry = await aggregate();
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    prometheusJson: async () => (await aggregate()).getMetricsAsJSON(),
    async snapshot() {
      const parts = await exports();
      // No worker answered: the primary's own (empty) summary keeps the route's shape.
      return parts.length > 0 ? snapshotOfExports(parts) : local.snapshot();
    },
    async export() {
      const parts = await exports();
      return parts.length > 0 ? mergeMetricsExports(parts) : local.export();
    },
  };
}

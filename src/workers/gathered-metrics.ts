import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { MetricsPort } from '../observe/index.js';
import { mergeSnapshots } from './merge-snapshots.js';
import type { WorkerPool } from './worker-pool.js';

type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

/**
 * The primary's metrics under `serve --workers`: gathered from every worker when read (a worker
 * that does not answer within `timeoutMs` is left out). Prometheus series are summed by
 * prom-client's AggregatorRegistry (counters and histogram buckets exactly) with the primary's own
 * (config reloads, its process); the JSON summary merges the workers' windows (mergeSnapshots).
 */
export function gatheredMetrics(local: MetricsPort, pool: WorkerPool, timeoutMs: number): MetricsPort {
  const aggregate = async () => {
    const answers = await pool.askAll('metrics-json', undefined, timeoutMs);
    const parts = [await local.prometheusJson(), ...answers.filter((a) => Array.isArray(a.value)).map((a) => a.value as MetricsJson)];
    return AggregatorRegistry.aggregate(parts);
  };
  return {
    async prometheus() {
      const registry = await aggregate();
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    prometheusJson: async () => (await aggregate()).getMetricsAsJSON(),
    async snapshot() {
      const answers = await pool.askAll('metrics-summary', undefined, timeoutMs);
      const parts = answers
        .map((a) => a.value)
        .filter((value): value is Awaited<ReturnType<MetricsPort['snapshot']>> => typeof value === 'object' && value !== null);
      // No worker answered: the primary's own (empty) summary keeps the route's shape.
      return parts.length > 0 ? mergeSnapshots(parts) : local.snapshot();
    },
  };
}

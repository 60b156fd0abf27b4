import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { MetricsSnapshot } from '../../contract/index.js';
import type { MetricsExport } from './metrics-export.js';

// `GET /api/metrics` answers the API contract's shape (src/contract).
export type { MetricsSnapshot } from '../../contract/index.js';

/** What the control plane serves: the Prometheus text and the JSON summary. */
export interface MetricsPort {
  prometheus(): Promise<{ readonly contentType: string; readonly body: string }>;
  /** Gathered from worker processes under `serve --workers`, hence possibly a promise. */
  snapshot(): MetricsSnapshot | Promise<MetricsSnapshot>;
  /** The registry as prom-client's JSON, which `serve --workers` sums across processes (AggregatorRegistry). */
  prometheusJson(): Promise<MetricObjectWithValues<MetricValue<string>>[]>;
  /** The summary's windows with their HDR histograms, which merge exactly across workers and instances (metrics-export). */
  export(): MetricsExport | Promise<MetricsExport>;
  /** With Redis (`?scope=cluster`): every instance's windows merged; rejects with STATE_STORE_UNAVAILABLE while Redis is away. */
  cluster?(): Promise<MetricsSnapshot>;
}

export { createMetrics } from './create-metrics.js';
export type { Metrics } from './create-metrics.js';
export type { CpuSample } from './cpu-warnings.js';
export type { MetricsPort } from './metrics-port.js';
export { mimicusMetricNames } from './definitions.js';
export type { ResilienceReading } from './resilience-metrics.js';
export { mergeMetricsExports, snapshotOfExports } from './metrics-export.js';
export type { MetricsExport } from './metrics-export.js';

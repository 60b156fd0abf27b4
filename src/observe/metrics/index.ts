export { createMetrics, cpuWarningSettings } from './create-metrics.js';
export type { Metrics, MetricsOptions } from './create-metrics.js';
export type { ActiveCpuWarning, MetricsPort, MetricsSnapshot } from './metrics-port.js';
export type { WindowName, WindowSummary, EndpointWindowStats } from './metrics-summary.js';
export type { WindowStats } from './sliding-window.js';
export type { LatencyPercentiles } from './latency-histogram.js';
export type { CpuSample, CpuWarningChange } from './cpu-warnings.js';
export { metricDefinitions, mimicusMetricNames, UNMATCHED_ENDPOINT } from './definitions.js';

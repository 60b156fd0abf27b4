import type { WindowName, WindowSummary } from './metrics-summary.js';

/** A CPU warning in force, for the UI's banner. */
export interface ActiveCpuWarning {
  readonly code: 'CPU_SATURATED';
  readonly thresholdPercent: number;
  /** ISO time it was raised. */
  readonly since: string;
  /** CPU and event-loop utilization at the latest sample. */
  readonly cpuPercent: number;
  readonly elu: number;
  readonly message: string;
}

/** `GET /api/metrics`: what the web UI shows. */
export interface MetricsSnapshot {
  /** ISO time the numbers were computed. */
  readonly generatedAt: string;
  readonly windows: Record<WindowName, WindowSummary>;
  /** The latest CPU sample (percent of one core) and event-loop utilization; absent with `cpuWarnings: false`. */
  readonly process?: { readonly cpuPercent: number; readonly elu: number };
  readonly warnings: readonly ActiveCpuWarning[];
}

/** What the control plane serves: the Prometheus text and the JSON summary. */
export interface MetricsPort {
  prometheus(): Promise<{ readonly contentType: string; readonly body: string }>;
  snapshot(): MetricsSnapshot;
}

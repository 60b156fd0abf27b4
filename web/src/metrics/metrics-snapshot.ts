/** `GET /api/metrics` (docs/observability.md "GET /api/metrics"): the fields the console reads. */
export interface LatencyStats {
  readonly count: number;
  readonly minMs: number;
  readonly avgMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface WindowStats {
  readonly requests: number;
  readonly rps: number;
  readonly errors: number;
  readonly errorRate: number;
  readonly statuses: Record<string, number>;
  /** Absent while no request of the window completed (a fresh server, only abandoned requests). */
  readonly observed?: LatencyStats;
  /** Absent where no delay was sampled (unmatched requests) or nothing completed. */
  readonly intended?: LatencyStats;
}

export interface EndpointWindowStats extends WindowStats {
  readonly endpoint: string;
}

export interface CpuWarning {
  readonly code: string;
  readonly thresholdPercent: number;
  readonly since: string;
  readonly cpuPercent: number;
  readonly elu: number;
  readonly message: string;
}

export interface MetricsSnapshot {
  readonly generatedAt: string;
  readonly windows: Record<string, { readonly spanSeconds: number; readonly overall: WindowStats; readonly endpoints: readonly EndpointWindowStats[] }>;
  readonly process?: { readonly cpuPercent: number; readonly elu: number };
  readonly warnings: readonly CpuWarning[];
}

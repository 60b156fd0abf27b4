/** The answer of `POST /api/latency/preview`: what the console plots as the latency block is typed. */
export interface LatencyPreview {
  readonly label: string;
  readonly percentiles: { readonly p50: number; readonly p90: number; readonly p95: number; readonly p99: number; readonly p999: number };
  readonly bins: readonly { readonly fromMs: number; readonly toMs: number; readonly probability: number }[];
}

import type { MetricsSnapshot, WindowName, WindowStats } from '../../../src/contract/index.ts';

/** Samples kept per series: at one poll every 5 s, the last two and a half minutes. */
export const MAX_SAMPLES = 30;

export interface Sample {
  readonly atMs: number;
  readonly rps: number;
  readonly errorRate: number;
  /** Observed percentiles; undefined when no request of the window had completed. */
  readonly p50Ms: number | undefined;
  readonly p95Ms: number | undefined;
  readonly p99Ms: number | undefined;
}

/** Sample lists by series: `overall` and one per endpoint id. */
export type History = ReadonlyMap<string, readonly Sample[]>;

export const OVERALL = '(overall)';

const sampleOf = (atMs: number, stats: WindowStats): Sample => ({
  atMs,
  rps: stats.rps,
  errorRate: stats.errorRate,
  p50Ms: stats.observed?.p50Ms,
  p95Ms: stats.observed?.p95Ms,
  p99Ms: stats.observed?.p99Ms,
});

/** Adds a snapshot's numbers over `window` to the history, keeping the last MAX_SAMPLES per series. */
export function addSnapshot(history: History, snapshot: MetricsSnapshot, window: WindowName): History {
  const stats = snapshot.windows[window];
  if (!stats) return history;
  const atMs = Date.parse(snapshot.generatedAt);
  const next = new Map(history);
  const push = (key: string, sample: Sample) => next.set(key, [...(next.get(key) ?? []), sample].slice(-MAX_SAMPLES));
  push(OVERALL, sampleOf(atMs, stats.overall));
  for (const endpoint of stats.endpoints) push(endpoint.endpoint, sampleOf(atMs, endpoint));
  return next;
}

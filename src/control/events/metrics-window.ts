import type { AdminEventBody, EndpointMetrics } from './admin-event.js';

/** Keeps at most this many durations per endpoint and interval; counts stay exact beyond it. */
const MAX_SAMPLES_PER_ENDPOINT = 10_000;
/** Beyond this many distinct endpoints in one interval, the rest are counted under `(other)`. */
const MAX_ENDPOINTS = 1_000;

interface Bucket {
  requests: number;
  errors: number;
  durations: number[];
}

/**
 * Request counts and latency percentiles over one metrics interval, from the `request.completed`
 * events seen. Memory is bounded by MAX_ENDPOINTS × MAX_SAMPLES_PER_ENDPOINT numbers.
 */
export interface MetricsWindow {
  add(endpoint: string | undefined, status: number, durationMs: number, abandoned: boolean): void;
  /** The `metrics.tick` event for the interval just ended; starts the next one. */
  tick(intervalMs: number): AdminEventBody & { type: 'metrics.tick' };
}

export function createMetricsWindow(): MetricsWindow {
  let buckets = new Map<string, Bucket>();
  return {
    add(endpoint, status, durationMs, abandoned) {
      let name = endpoint ?? '(unmatched)';
      if (!buckets.has(name) && buckets.size >= MAX_ENDPOINTS) name = '(other)';
      let bucket = buckets.get(name);
      if (!bucket) buckets.set(name, (bucket = { requests: 0, errors: 0, durations: [] }));
      bucket.requests += 1;
      if (status >= 500 || status === 0 || abandoned) bucket.errors += 1;
      if (bucket.durations.length < MAX_SAMPLES_PER_ENDPOINT) bucket.durations.push(durationMs);
    },
    tick(intervalMs) {
      const seconds = intervalMs / 1000;
      const endpoints: EndpointMetrics[] = [];
      let requests = 0;
      let errors = 0;
      for (const [endpoint, bucket] of buckets) {
        const sorted = bucket.durations.sort((a, b) => a - b);
        requests += bucket.requests;
        errors += bucket.errors;
        endpoints.push({
          endpoint,
          requests: bucket.requests,
          rps: round(bucket.requests / seconds),
          errors: bucket.errors,
          p50Ms: percentile(sorted, 0.5),
          p99Ms: percentile(sorted, 0.99),
        });
      }
      buckets = new Map();
      return { type: 'metrics.tick', data: { intervalMs, rps: round(requests / seconds), errors, endpoints } };
    },
  };
}

/** Nearest-rank percentile of sorted values (0 when there are none). */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!);
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

import { mergeSloRows } from '../observe/index.js';
import type { CurrentRate, EndpointWindowStats, LatencyPercentiles, MetricsSnapshot, WindowStats, WindowSummary } from '../contract/index.js';

type Stats = Omit<WindowStats, never>;

const round = (n: number, places = 3) => Math.round(n * 10 ** places) / 10 ** places;

/**
 * Latency of several processes: counts, min, max and mean are exact; a percentile is the
 * count-weighted mean of the processes' own (exact when the workers see the same traffic mix, as
 * the kernel spreads connections evenly; within the spread of the workers' values otherwise).
 */
function mergeLatency(parts: readonly (LatencyPercentiles | undefined)[]): LatencyPercentiles | undefined {
  const present = parts.filter((p): p is LatencyPercentiles => p !== undefined && p.count > 0);
  if (present.length === 0) return undefined;
  const count = present.reduce((sum, p) => sum + p.count, 0);
  const weighted = (pick: (p: LatencyPercentiles) => number) => round(present.reduce((sum, p) => sum + pick(p) * p.count, 0) / count);
  return {
    count,
    minMs: Math.min(...present.map((p) => p.minMs)),
    avgMs: weighted((p) => p.avgMs),
    p50Ms: weighted((p) => p.p50Ms),
    p95Ms: weighted((p) => p.p95Ms),
    p99Ms: weighted((p) => p.p99Ms),
    maxMs: Math.max(...present.map((p) => p.maxMs)),
  };
}

function mergeStats(parts: readonly Stats[]): Stats {
  const requests = parts.reduce((sum, p) => sum + p.requests, 0);
  const errors = parts.reduce((sum, p) => sum + p.errors, 0);
  const statuses: Record<string, number> = {};
  for (const part of parts) for (const [status, n] of Object.entries(part.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  const outcome = (key: keyof Stats['outcomes']) => parts.reduce((sum, p) => sum + p.outcomes[key], 0);
  const observed = mergeLatency(parts.map((p) => p.observed));
  const answered = mergeLatency(parts.map((p) => p.answered));
  const intended = mergeLatency(parts.map((p) => p.intended));
  return {
    requests,
    rps: round(parts.reduce((sum, p) => sum + p.rps, 0)),
    errors,
    errorRate: requests === 0 ? 0 : round(errors / requests, 6),
    rateLimited: parts.reduce((sum, p) => sum + p.rateLimited, 0),
    outcomes: { answered: outcome('answered'), rateLimited: outcome('rateLimited'), faulted: outcome('faulted'), unmatched: outcome('unmatched') },
    statuses,
    ...(observed ? { observed } : {}),
    ...(answered ? { answered } : {}),
    ...(intended ? { intended } : {}),
  };
}

function mergeWindow(parts: readonly WindowSummary[]): WindowSummary {
  const byEndpoint = new Map<string, EndpointWindowStats[]>();
  for (const part of parts) for (const e of part.endpoints) byEndpoint.set(e.endpoint, [...(byEndpoint.get(e.endpoint) ?? []), e]);
  const endpoints = [...byEndpoint].map(([endpoint, stats]) => ({ endpoint, ...mergeStats(stats) }));
  endpoints.sort((a, b) => b.requests - a.requests || a.endpoint.localeCompare(b.endpoint));
  return {
    spanSeconds: Math.max(...parts.map((p) => p.spanSeconds)),
    slideSeconds: parts[0]!.slideSeconds,
    overall: mergeStats(parts.map((p) => p.overall)),
    endpoints,
  };
}

function mergeCurrent(parts: readonly CurrentRate[]): CurrentRate {
  const rates = new Map<string, number>();
  for (const part of parts) for (const e of part.endpoints) rates.set(e.endpoint, round((rates.get(e.endpoint) ?? 0) + e.rps));
  return {
    seconds: parts[0]!.seconds,
    rps: round(parts.reduce((sum, p) => sum + p.rps, 0)),
    errors: parts.reduce((sum, p) => sum + p.errors, 0),
    rateLimited: parts.reduce((sum, p) => sum + p.rateLimited, 0),
    endpoints: [...rates].map(([endpoint, rps]) => ({ endpoint, rps })).sort((a, b) => b.rps - a.rps || a.endpoint.localeCompare(b.endpoint)),
  };
}

/** The workers' `/api/metrics` summaries as one (at least one is given). */
export function mergeSnapshots(parts: readonly MetricsSnapshot[]): MetricsSnapshot {
  const processes = parts.map((p) => p.process).filter((p) => p !== undefined);
  return {
    generatedAt: new Date().toISOString(),
    windows: { '1m': mergeWindow(parts.map((p) => p.windows['1m'])), '5m': mergeWindow(parts.map((p) => p.windows['5m'])) },
    current: mergeCurrent(parts.map((p) => p.current)),
    // CPU in percent of one core adds up; event-loop utilization is each loop's, so its mean.
    ...(processes.length > 0
      ? {
          process: {
            cpuPercent: round(processes.reduce((sum, p) => sum + p.cpuPercent, 0)),
            elu: round(processes.reduce((sum, p) => sum + p.elu, 0) / processes.length),
          },
        }
      : {}),
    warnings: parts.flatMap((p) => p.warnings),
    ...(parts.some((p) => p.slos !== undefined) ? { slos: mergeSloRows(parts.map((p) => p.slos ?? [])) } : {}),
  };
}

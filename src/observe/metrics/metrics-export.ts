import type { ActiveCpuWarning, CurrentRate, MetricsSnapshot, SloStatus, WindowName } from '../../contract/index.js';
import { mergeSloRows } from '../slo/index.js';
import { addEncodedHistogram, encodeHistogram, type EncodedHistogram } from './histogram-codec.js';
import { summarizeWindow, type CollectedWindow } from './metrics-summary.js';
import { createAccumulated, type Accumulated } from './sliding-window.js';

/** One endpoint's sums over a window, as they travel: counters and encoded histograms. */
interface ExportedSums {
  readonly endpoint: string;
  readonly requests: number;
  readonly errors: number;
  readonly statuses: Readonly<Record<string, number>>;
  /** Requests by Outcome: answered, rate-limited, faulted, unmatched. */
  readonly outcomes: readonly number[];
  readonly answered?: EncodedHistogram;
  readonly unanswered?: EncodedHistogram;
  readonly intended?: EncodedHistogram;
}

interface ExportedWindow {
  readonly spanMs: number;
  readonly slideMs: number;
  readonly endpoints: readonly ExportedSums[];
}

/**
 * One process's metrics in the form that merges exactly: each window's counters and HDR
 * histograms per endpoint (not percentiles, which cannot be merged), plus what a snapshot shows
 * besides them. JSON: it travels over the workers' IPC channel and through Redis.
 */
export interface MetricsExport {
  readonly generatedAt: string;
  readonly windows: Readonly<Record<WindowName, ExportedWindow>>;
  readonly current: CurrentRate;
  readonly process?: { readonly cpuPercent: number; readonly elu: number };
  readonly warnings: readonly ActiveCpuWarning[];
  /** Counts per SLO objective: they sum exactly across processes. */
  readonly slos?: readonly SloStatus[];
}

const optional = <K extends string>(key: K, encoded: EncodedHistogram | undefined) =>
  (encoded ? { [key]: encoded } : {}) as Partial<Record<K, EncodedHistogram>>;

function exportWindow(window: CollectedWindow): ExportedWindow {
  const endpoints: ExportedSums[] = [];
  for (const [endpoint, sum] of window.endpoints) {
    endpoints.push({
      endpoint,
      requests: sum.requests,
      errors: sum.errors,
      statuses: Object.fromEntries([...sum.statuses].map(([status, count]) => [String(status), count])),
      outcomes: [...sum.outcomes],
      ...optional('answered', encodeHistogram(sum.answered)),
      ...optional('unanswered', encodeHistogram(sum.unanswered)),
      ...optional('intended', encodeHistogram(sum.intended)),
    });
  }
  return { spanMs: window.spanMs, slideMs: window.slideMs, endpoints };
}

/** A process's windows as they travel (the summary's `collect()`), with the rest of its snapshot. */
export function exportMetrics(windows: Record<WindowName, CollectedWindow>, rest: Omit<MetricsExport, 'windows'>): MetricsExport {
  return { ...rest, windows: { '1m': exportWindow(windows['1m']), '5m': exportWindow(windows['5m']) } };
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= Number.MAX_SAFE_INTEGER;
const MAX_ENDPOINTS = 1_000;
const MAX_STATUSES = 1_000;

/** Adds exported sums into `into`; false (nothing added) when they are not well formed. */
function addExported(into: Accumulated, from: ExportedSums): boolean {
  const statuses = Object.entries(from.statuses ?? {});
  if (!isCount(from.requests) || !isCount(from.errors) || statuses.length > MAX_STATUSES) return false;
  if (!Array.isArray(from.outcomes) || from.outcomes.length !== 4 || !from.outcomes.every(isCount)) return false;
  if (!statuses.every(([status, count]) => /^\d{1,3}$/.test(status) && isCount(count))) return false;
  // Histograms are checked before any is added: a bad one leaves `into` as it was.
  const scratch = createAccumulated();
  for (const key of ['answered', 'unanswered', 'intended'] as const) {
    const encoded = from[key];
    if (encoded !== undefined && !addEncodedHistogram(scratch[key], encoded)) return false;
  }
  into.requests += from.requests;
  into.errors += from.errors;
  for (const [status, count] of statuses) into.statuses.set(Number(status), (into.statuses.get(Number(status)) ?? 0) + count);
  for (let i = 0; i < 4; i++) into.outcomes[i]! += from.outcomes[i]!;
  into.answered.add(scratch.answered);
  into.unanswered.add(scratch.unanswered);
  into.intended.add(scratch.intended);
  return true;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

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

/**
 * Several processes' exports as the windows of all of them: per endpoint, counters summed and
 * histograms merged bucket by bucket, so every percentile is exact (to the histograms' 1%) for
 * the union of the requests. The span is the longest of the parts. What is not well formed (a
 * version that wrote something else, garbage in Redis) is left out.
 */
function mergeWindows(parts: readonly MetricsExport[]): Record<WindowName, CollectedWindow> {
  const merge = (name: WindowName): CollectedWindow => {
    const endpoints = new Map<string, Accumulated>();
    let spanMs = 1;
    let slideMs = 0;
    for (const part of parts) {
      const window = part.windows?.[name];
      if (!window || !Array.isArray(window.endpoints) || window.endpoints.length > MAX_ENDPOINTS) continue;
      spanMs = Math.max(spanMs, Number(window.spanMs) || 1);
      slideMs = Number(window.slideMs) || slideMs;
      for (const sums of window.endpoints) {
        if (typeof sums?.endpoint !== 'string') continue;
        const into = endpoints.get(sums.endpoint) ?? createAccumulated();
        if (addExported(into, sums)) endpoints.set(sums.endpoint, into);
      }
    }
    return { spanMs, slideMs, endpoints };
  };
  return { '1m': merge('1m'), '5m': merge('5m') };
}

/** The rest of a snapshot of several processes: current rates summed, CPU summed (percent of one core), event-loop utilization averaged. */
function mergeRest(parts: readonly MetricsExport[]): Omit<MetricsExport, 'windows'> {
  const processes = parts.map((p) => p.process).filter((p) => p !== undefined);
  return {
    generatedAt: new Date().toISOString(),
    current: mergeCurrent(parts.map((p) => p.current)),
    ...(processes.length > 0
      ? {
          process: {
            cpuPercent: round(processes.reduce((sum, p) => sum + p.cpuPercent, 0)),
            elu: round(processes.reduce((sum, p) => sum + p.elu, 0) / processes.length),
          },
        }
      : {}),
    warnings: parts.flatMap((p) => p.warnings ?? []),
    ...(parts.some((p) => p.slos !== undefined) ? { slos: mergeSloRows(parts.map((p) => p.slos ?? [])) } : {}),
  };
}

/** Several exports as one export (a `--workers` primary's, published to Redis as one instance's). At least one part. */
export function mergeMetricsExports(parts: readonly MetricsExport[]): MetricsExport {
  return exportMetrics(mergeWindows(parts), mergeRest(parts));
}

/** Several exports as the `/api/metrics` answer of them all. At least one part. */
export function snapshotOfExports(parts: readonly MetricsExport[]): MetricsSnapshot {
  const windows = mergeWindows(parts);
  const rest = mergeRest(parts);
  return { ...rest, windows: { '1m': summarizeWindow(windows['1m']), '5m': summarizeWindow(windows['5m']) }, warnings: [...rest.warnings] };
}

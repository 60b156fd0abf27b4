import type { JournalExchange } from '../journal/index.js';
import { UNMATCHED_ENDPOINT } from './definitions.js';
import { createAccumulated, resetAccumulated, SlidingWindow, statsOf, type WindowStats } from './sliding-window.js';

/**
 * Each window is a ring of slices: the last minute in 10 s slices, the last 5 minutes in 1 min
 * slices. A request is recorded in the current slice of both; a read merges the slices that end
 * after `now − window`, so a window covers between its length and its length plus one slice.
 */
const WINDOWS = {
  '1m': { windowMs: 60_000, sliceMs: 10_000 },
  '5m': { windowMs: 300_000, sliceMs: 60_000 },
} as const;
/** Beyond this many endpoints, the rest are summed under `(other)`: memory stays bounded (≈ 26 histograms of 13 KiB per endpoint). */
const MAX_TRACKED_ENDPOINTS = 100;
export const OTHER_ENDPOINTS = '(other)';

export type WindowName = keyof typeof WINDOWS;

export interface EndpointWindowStats extends WindowStats {
  /** The endpoint id, `(unmatched)` or `(other)`. */
  readonly endpoint: string;
}

export interface WindowSummary {
  /** The time the numbers cover (from the window's first slice, or from start, to now). */
  readonly spanSeconds: number;
  /** The window moves by this much. */
  readonly slideSeconds: number;
  readonly overall: WindowStats;
  /** Endpoints with requests in the window, busiest first. */
  readonly endpoints: readonly EndpointWindowStats[];
}

/** Per endpoint and overall numbers over the last 1 and 5 minutes, from the completed requests. */
export interface MetricsSummary {
  record(exchange: JournalExchange): void;
  read(nowMs?: number): Record<WindowName, WindowSummary>;
}

/** A request that is an error to the client: a 5xx, no status at all, or abandoned. */
export const isErrorExchange = (exchange: JournalExchange): boolean => exchange.status >= 500 || exchange.status === 0 || exchange.abandoned;

export function createMetricsSummary(startedAtMs: number = Date.now()): MetricsSummary {
  type Windows = Record<WindowName, SlidingWindow>;
  const tracked = new Map<string, Windows>();
  const ringOf = ({ windowMs, sliceMs }: { windowMs: number; sliceMs: number }) => new SlidingWindow(sliceMs, windowMs / sliceMs + 1);

  const windowsOf = (endpoint: string): Windows => {
    let windows = tracked.get(endpoint);
    if (windows !== undefined) return windows;
    const key = tracked.size >= MAX_TRACKED_ENDPOINTS ? OTHER_ENDPOINTS : endpoint;
    windows = tracked.get(key);
    if (windows === undefined) tracked.set(key, (windows = { '1m': ringOf(WINDOWS['1m']), '5m': ringOf(WINDOWS['5m']) }));
    return windows;
  };

  const readWindow = (nowMs: number, name: WindowName): WindowSummary => {
    const { windowMs, sliceMs } = WINDOWS[name];
    const firstSlice = Math.floor((nowMs - windowMs) / sliceMs);
    const lastSlice = Math.floor(nowMs / sliceMs);
    const firstSliceStart = firstSlice * sliceMs;
    const spanMs = Math.max(1, nowMs - Math.max(firstSliceStart, startedAtMs));
    const overall = createAccumulated();
    const endpoints: EndpointWindowStats[] = [];
    const accumulated = createAccumulated();
    for (const [endpoint, windows] of tracked) {
      resetAccumulated(accumulated);
      if (!windows[name].accumulate(firstSlice, lastSlice, accumulated)) continue;
      endpoints.push({ endpoint, ...statsOf(accumulated, spanMs) });
      overall.requests += accumulated.requests;
      overall.errors += accumulated.errors;
      for (const [status, count] of accumulated.statuses) overall.statuses.set(status, (overall.statuses.get(status) ?? 0) + count);
      overall.observed.add(accumulated.observed);
      overall.intended.add(accumulated.intended);
    }
    endpoints.sort((a, b) => b.requests - a.requests || a.endpoint.localeCompare(b.endpoint));
    return { spanSeconds: Math.round(spanMs) / 1000, slideSeconds: sliceMs / 1000, overall: statsOf(overall, spanMs), endpoints };
  };

  return {
    record(exchange) {
      const applied = exchange.applied;
      const windows = windowsOf(applied?.endpointId ?? UNMATCHED_ENDPOINT);
      const atMs = exchange.arrivedAtMs + exchange.completeMs;
      const isError = isErrorExchange(exchange);
      const observedMs = exchange.abandoned ? -1 : exchange.completeMs;
      const intendedMs = applied?.endpointId !== undefined ? applied.delayMs : -1;
      windows['1m'].record(atMs, exchange.status, isError, observedMs, intendedMs);
      windows['5m'].record(atMs, exchange.status, isError, observedMs, intendedMs);
    },
    read(nowMs = Date.now()) {
      return { '1m': readWindow(nowMs, '1m'), '5m': readWindow(nowMs, '5m') };
    },
  };
}

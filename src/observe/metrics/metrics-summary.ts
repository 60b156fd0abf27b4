import type { JournalExchange } from '../journal/index.js';
import { UNMATCHED_ENDPOINT } from './definitions.js';
import { createAccumulated, SlidingWindow, statsOf, type WindowStats } from './sliding-window.js';

/** The window slides by this much. */
export const SLICE_MS = 10_000;
/** The windows the summary reports, in slices. */
const WINDOWS = { '1m': 6, '5m': 30 } as const;
const RING_SLICES = 30;
/** Beyond this many endpoints, the rest are summed under `(other)`: memory stays bounded whatever the config. */
const MAX_TRACKED_ENDPOINTS = 200;
export const OTHER_ENDPOINTS = '(other)';

export type WindowName = keyof typeof WINDOWS;

export interface EndpointWindowStats extends WindowStats {
  /** The endpoint id, `(unmatched)` or `(other)`. */
  readonly endpoint: string;
}

export interface WindowSummary {
  /** The time the numbers cover (from the window's first slice, or from start, to now). */
  readonly spanSeconds: number;
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
  const windows = new Map<string, SlidingWindow>();

  const windowOf = (endpoint: string): SlidingWindow => {
    let window = windows.get(endpoint);
    if (window !== undefined) return window;
    const key = windows.size >= MAX_TRACKED_ENDPOINTS ? OTHER_ENDPOINTS : endpoint;
    window = windows.get(key);
    if (window === undefined) windows.set(key, (window = new SlidingWindow(SLICE_MS, RING_SLICES)));
    return window;
  };

  const readWindow = (nowMs: number, slices: number): WindowSummary => {
    const firstSliceStart = (Math.floor(nowMs / SLICE_MS) - slices + 1) * SLICE_MS;
    const spanMs = Math.max(1, nowMs - Math.max(firstSliceStart, startedAtMs));
    const overall = createAccumulated();
    const endpoints: EndpointWindowStats[] = [];
    for (const [endpoint, window] of windows) {
      const accumulated = createAccumulated();
      if (!window.accumulate(nowMs, slices, accumulated)) continue;
      endpoints.push({ endpoint, ...statsOf(accumulated, spanMs) });
      overall.requests += accumulated.requests;
      overall.errors += accumulated.errors;
      for (const [status, count] of accumulated.statuses) overall.statuses.set(status, (overall.statuses.get(status) ?? 0) + count);
      overall.observed.add(accumulated.observed);
      overall.intended.add(accumulated.intended);
    }
    endpoints.sort((a, b) => b.requests - a.requests || a.endpoint.localeCompare(b.endpoint));
    return { spanSeconds: Math.round(spanMs) / 1000, overall: statsOf(overall, spanMs), endpoints };
  };

  return {
    record(exchange) {
      const applied = exchange.applied;
      windowOf(applied?.endpointId ?? UNMATCHED_ENDPOINT).record(
        exchange.arrivedAtMs + exchange.completeMs,
        exchange.status,
        isErrorExchange(exchange),
        exchange.abandoned ? -1 : exchange.completeMs,
        applied?.endpointId !== undefined ? applied.delayMs : -1,
      );
    },
    read(nowMs = Date.now()) {
      return { '1m': readWindow(nowMs, WINDOWS['1m']), '5m': readWindow(nowMs, WINDOWS['5m']) };
    },
  };
}

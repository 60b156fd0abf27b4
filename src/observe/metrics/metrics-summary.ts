import type { CurrentRate, EndpointWindowStats, WindowSummary } from '../../contract/index.js';
import type { JournalExchange } from '../journal/index.js';
import { UNMATCHED_ENDPOINT } from './definitions.js';
import { CURRENT_RATE_SECONDS, RateRing } from './rate-ring.js';
import { addAccumulated, createAccumulated, Outcome, resetAccumulated, SlidingWindow, statsOf, type Accumulated, type WindowStats } from './sliding-window.js';

/**
 * The last minute is a ring of 10 s slices. A slice leaving it (when its slot is reused) is folded
 * into a ring of 1 min slices, which with the 10 s ring makes the last 5 minutes: each request is
 * recorded once, and a window covers its length plus the part of the current slice elapsed.
 */
const RECENT = { sliceMs: 10_000, slices: 7 } as const;
const OLDER = { sliceMs: 60_000, slices: 6 } as const;
const WINDOWS = {
  '1m': { windowMs: 60_000, slideMs: RECENT.sliceMs },
  '5m': { windowMs: 300_000, slideMs: OLDER.sliceMs },
} as const;
/** Beyond this many endpoints, the rest are summed under `(other)`: memory stays bounded (13 slices × 2 histograms of 13 KiB per endpoint). */
const MAX_TRACKED_ENDPOINTS = 100;
export const OTHER_ENDPOINTS = '(other)';

export type WindowName = keyof typeof WINDOWS;

// What a window reports is the API contract's shape (src/contract)
export type { WindowSummary };

/** Per endpoint and overall numbers over the last 1 and 5 minutes, from the completed requests. */
export interface MetricsSummary {
  record(exchange: JournalExchange): void;
  read(nowMs?: number): Record<WindowName, WindowSummary>;
  /** The windows' sums per endpoint, histograms included: what is merged across processes (metrics-export). */
  collect(nowMs?: number): Record<WindowName, CollectedWindow>;
  /** The rate over the last few whole seconds, overall and per endpoint. */
  current(nowMs?: number): CurrentRate;
}

/** One window's sums per endpoint, before they are summarized (or merged with other processes'). */
export interface CollectedWindow {
  readonly spanMs: number;
  readonly slideMs: number;
  readonly endpoints: Iterable<[string, Accumulated]>;
}

/** A window's numbers: per endpoint (busiest first) and overall, the sum of the endpoints (each read once, in order). */
export function summarizeWindow(window: CollectedWindow): WindowSummary {
  const overall = createAccumulated();
  const endpoints: EndpointWindowStats[] = [];
  for (const [endpoint, accumulated] of window.endpoints) {
    endpoints.push({ endpoint, ...statsOf(accumulated, window.spanMs) });
    addAccumulated(overall, accumulated);
  }
  endpoints.sort((a, b) => b.requests - a.requests || a.endpoint.localeCompare(b.endpoint));
  return { spanSeconds: Math.round(window.spanMs) / 1000, slideSeconds: window.slideMs / 1000, overall: statsOf(overall, window.spanMs), endpoints };
}

/** How an exchange ended (see Outcome). */
function outcomeOf(exchange: JournalExchange): Outcome {
  const applied = exchange.applied;
  if (applied?.endpointId === undefined) return Outcome.unmatched;
  if (applied.rateLimited === true) return Outcome.rateLimited;
  if (applied.fault !== undefined) return Outcome.faulted;
  return Outcome.answered;
}

/** A request that is an error to the client: a 5xx, no status at all, or abandoned. */
export const isErrorExchange = (exchange: JournalExchange): boolean => exchange.status >= 500 || exchange.status === 0 || exchange.abandoned;

export function createMetricsSummary(startedAtMs: number = Date.now()): MetricsSummary {
  interface Windows {
    readonly recent: SlidingWindow;
    readonly older: SlidingWindow;
    readonly rate: RateRing;
  }
  const overallRate = new RateRing();
  const tracked = new Map<string, Windows>();
  const createWindows = (): Windows => {
    const older = new SlidingWindow(OLDER.sliceMs, OLDER.slices);
    return { older, recent: new SlidingWindow(RECENT.sliceMs, RECENT.slices, (slice, startMs) => older.fold(slice, startMs)), rate: new RateRing() };
  };

  const windowsOf = (endpoint: string): Windows => {
    let windows = tracked.get(endpoint);
    if (windows !== undefined) return windows;
    const key = tracked.size >= MAX_TRACKED_ENDPOINTS ? OTHER_ENDPOINTS : endpoint;
    windows = tracked.get(key);
    if (windows === undefined) tracked.set(key, (windows = createWindows()));
    return windows;
  };

  const spanOf = (nowMs: number, name: WindowName) => {
    const { windowMs, slideMs } = WINDOWS[name];
    const firstSliceStart = Math.floor((nowMs - windowMs) / slideMs) * slideMs;
    return { firstSliceStart, slideMs, spanMs: Math.max(1, nowMs - Math.max(firstSliceStart, startedAtMs)) };
  };

  /** Each endpoint with requests in the window, with its sum: in `scratch` (reused, so read it before the next) or a fresh one. */
  function* sumsIn(nowMs: number, name: WindowName, scratch?: Accumulated): Generator<[string, Accumulated]> {
    const { firstSliceStart } = spanOf(nowMs, name);
    for (const [endpoint, windows] of tracked) {
      const sum = scratch ?? createAccumulated();
      if (scratch) resetAccumulated(scratch);
      const fromOlder = name === '5m' && windows.older.accumulate(firstSliceStart, nowMs, sum);
      if (windows.recent.accumulate(firstSliceStart, nowMs, sum) || fromOlder) yield [endpoint, sum];
    }
  }

  const readWindow = (nowMs: number, name: WindowName): WindowSummary =>
    summarizeWindow({ ...spanOf(nowMs, name), endpoints: sumsIn(nowMs, name, createAccumulated()) });

  const collectWindow = (nowMs: number, name: WindowName): CollectedWindow => ({ ...spanOf(nowMs, name), endpoints: new Map(sumsIn(nowMs, name)) });

  return {
    record(exchange) {
      const applied = exchange.applied;
      const windows = windowsOf(applied?.endpointId ?? UNMATCHED_ENDPOINT);
      const atMs = exchange.arrivedAtMs + exchange.completeMs;
      const isError = isErrorExchange(exchange);
      const observedMs = exchange.abandoned ? -1 : exchange.completeMs;
      const intendedMs = applied?.endpointId !== undefined ? applied.delayMs : -1;
      const outcome = outcomeOf(exchange);
      windows.recent.record(atMs, exchange.status, isError, observedMs, intendedMs, outcome);
      windows.rate.record(atMs, isError, outcome === Outcome.rateLimited);
      overallRate.record(atMs, isError, outcome === Outcome.rateLimited);
    },
    read(nowMs = Date.now()) {
      return { '1m': readWindow(nowMs, '1m'), '5m': readWindow(nowMs, '5m') };
    },
    collect(nowMs = Date.now()) {
      return { '1m': collectWindow(nowMs, '1m'), '5m': collectWindow(nowMs, '5m') };
    },
    current(nowMs = Date.now()) {
      const rps = (requests: number) => Math.round((requests / CURRENT_RATE_SECONDS) * 1000) / 1000;
      const overall = overallRate.read(nowMs);
      const endpoints: { endpoint: string; rps: number }[] = [];
      for (const [endpoint, windows] of tracked) {
        const { requests } = windows.rate.read(nowMs);
        if (requests > 0) endpoints.push({ endpoint, rps: rps(requests) });
      }
      endpoints.sort((a, b) => b.rps - a.rps || a.endpoint.localeCompare(b.endpoint));
      return { seconds: CURRENT_RATE_SECONDS, rps: rps(overall.requests), errors: overall.errors, rateLimited: overall.rateLimited, endpoints };
    },
  };
}

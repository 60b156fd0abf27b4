/** What the policies of one upstream did, counted since start (metrics, `/api/metrics`). */
export interface ResilienceCounters {
  retries: number;
  hedges: number;
  /** Retries the budget refused. */
  budgetExhausted: number;
  bulkheadRejected: number;
  circuitOpenRejected: number;
  deadlineExceeded: number;
  fallbacks: number;
  breakerOpened: number;
}

/** The `action` label of each counter (mimicus_upstream_resilience_total). */
export const ACTION_NAMES: Readonly<Record<keyof ResilienceCounters, string>> = {
  retries: 'retry',
  hedges: 'hedge',
  budgetExhausted: 'budget_exhausted',
  bulkheadRejected: 'bulkhead_rejected',
  circuitOpenRejected: 'circuit_open_rejected',
  deadlineExceeded: 'deadline_exceeded',
  fallbacks: 'fallback',
  breakerOpened: 'breaker_opened',
};

export const newCounters = (): ResilienceCounters => ({
  retries: 0,
  hedges: 0,
  budgetExhausted: 0,
  bulkheadRejected: 0,
  circuitOpenRejected: 0,
  deadlineExceeded: 0,
  fallbacks: 0,
  breakerOpened: 0,
});

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
}

export const newCounters = (): ResilienceCounters => ({
  retries: 0,
  hedges: 0,
  budgetExhausted: 0,
  bulkheadRejected: 0,
  circuitOpenRejected: 0,
  deadlineExceeded: 0,
  fallbacks: 0,
});
